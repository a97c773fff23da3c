import { Router } from 'express';
import { EntityId } from '../../../shared/ids';
import { PositionInput, PutUnitInput, UnitStatusInput } from '../../../shared/unit';
import type { Commands } from '../../commands/commands';
import { actorOf, requireRole } from '../request-auth';
import { parseInput } from '../validate';

export function unitRoutes(commands: Commands): Router {
  const r = Router();

  r.get('/units/:id', requireRole('ingest', 'dispatcher', 'supervisor', 'coordinator', 'admin'), async (req, res) => {
    res.json(await commands.getUnit(parseInput(EntityId, req.params.id, 'unit id')));
  });

  r.put('/units/:id', requireRole('ingest', 'supervisor', 'admin'), async (req, res) => {
    const id = parseInput(EntityId, req.params.id, 'unit id');
    const { unit, created } = await commands.putUnit(actorOf(res), id, parseInput(PutUnitInput, req.body));
    res.status(created ? 201 : 200).set('ETag', `"${unit.version}"`).json(unit);
  });

  r.post('/units/:id/position', requireRole('ingest'), async (req, res) => {
    const id = parseInput(EntityId, req.params.id, 'unit id');
    res.json(await commands.updatePosition(actorOf(res), id, parseInput(PositionInput, req.body)));
  });

  r.post('/units/:id/status', requireRole('ingest', 'dispatcher', 'supervisor'), async (req, res) => {
    const id = parseInput(EntityId, req.params.id, 'unit id');
    res.json(await commands.setUnitStatus(actorOf(res), id, parseInput(UnitStatusInput, req.body)));
  });

  return r;
}
