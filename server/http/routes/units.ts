import { Router } from 'express';
import { ReassignInput } from '../../../shared/commands';
import { EntityId } from '../../../shared/ids';
import { COMMAND_ROLES } from '../../../shared/roles';
import { PositionBatchInput, PositionInput, PutUnitInput, UnitStatusInput } from '../../../shared/unit';
import type { Commands } from '../../commands/commands';
import type { Counters } from '../../counters';
import { actorOf, requireRole } from '../request-auth';
import { parseInput } from '../../edge/validate';

export function unitRoutes(commands: Commands, counters: Counters): Router {
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
    const unit = await commands.updatePosition(actorOf(res), id, parseInput(PositionInput, req.body));
    counters.positionsAccepted++;
    res.json(unit);
  });

  // An AVL feed's report of many units in one request: 204 when every unit was known, else 200
  // naming the units that do not exist (their positions were skipped, the others written).
  r.post('/units/positions', requireRole('ingest'), async (req, res) => {
    const { positions } = parseInput(PositionBatchInput, req.body);
    const { accepted, ignoredUnitIds } = await commands.updatePositions(actorOf(res), positions);
    counters.positionsAccepted += accepted;
    counters.positionsIgnored += ignoredUnitIds.length;
    if (ignoredUnitIds.length === 0) res.status(204).end();
    else res.json({ ignored: ignoredUnitIds, message: 'no such units; create them with PUT /api/v1/units/{id} first' });
  });

  r.post('/units/:id/status', requireRole('ingest', ...COMMAND_ROLES['unit:setStatus']), async (req, res) => {
    const id = parseInput(EntityId, req.params.id, 'unit id');
    res.json(await commands.setUnitStatus(actorOf(res), id, parseInput(UnitStatusInput, req.body)));
  });

  // A CAD moves a unit on its own authority; on the board only a supervisor may.
  r.post('/units/:id/reassign', requireRole('ingest', ...COMMAND_ROLES['unit:reassign']), async (req, res) => {
    const unitId = parseInput(EntityId, req.params.id, 'unit id');
    res.json(await commands.reassign(actorOf(res), { unitId, ...parseInput(ReassignInput, req.body) }));
  });

  // A team's check-in from the board, or from its mobile terminal through an integration.
  r.post('/units/:id/check-in', requireRole('ingest', ...COMMAND_ROLES['unit:checkIn']), async (req, res) => {
    res.json(await commands.checkIn(actorOf(res), parseInput(EntityId, req.params.id, 'unit id')));
  });

  return r;
}
