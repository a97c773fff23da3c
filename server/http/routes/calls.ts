import { Router } from 'express';
import { AssignInput, CreateCallInput, PatchCallInput } from '../../../shared/call';
import { EntityId } from '../../../shared/ids';
import { COMMAND_ROLES } from '../../../shared/roles';
import type { Unit } from '../../../shared/unit';
import type { Commands } from '../../commands/commands';
import { DomainError } from '../../domain/errors';
import { actorOf, principalOf, requireRole } from '../request-auth';
import { parseIfMatch, parseInput } from '../../edge/validate';

const WRITE = requireRole('ingest', 'dispatcher', 'supervisor');
const READ = requireRole('ingest', 'dispatcher', 'supervisor', 'coordinator', 'admin');

/** `liveUnits`: every unit where it is now, to pick the nearest free police for backup. */
export function callRoutes(commands: Commands, liveUnits: () => Iterable<Unit>): Router {
  const r = Router();

  r.post('/calls', WRITE, async (req, res) => {
    const input = parseInput(CreateCallInput, req.body);
    const { call, created } = await commands.createCall(actorOf(res), input);
    res.status(created ? 201 : 200).location(`/api/v1/calls/${call.id}`).set('ETag', `"${call.version}"`).json(call);
  });

  r.get('/calls/:id', READ, async (req, res) => {
    const call = await commands.getCall(parseInput(EntityId, req.params.id, 'call id'));
    res.set('ETag', `"${call.version}"`).json(call);
  });

  r.patch('/calls/:id', WRITE, async (req, res) => {
    const id = parseInput(EntityId, req.params.id, 'call id');
    const patch = parseInput(PatchCallInput, req.body);
    // A reason accompanies reopening a finished call: a supervisor's decision.
    if (patch.reason !== undefined && principalOf(res)?.role !== 'supervisor') {
      throw new DomainError('forbidden', 'only a supervisor may reopen a finished call');
    }
    const call = await commands.updateCall(actorOf(res), id, patch, parseIfMatch(req.get('If-Match')));
    res.set('ETag', `"${call.version}"`).json(call);
  });

  r.post('/calls/:id/assignments', WRITE, async (req, res) => {
    const id = parseInput(EntityId, req.params.id, 'call id');
    const input = parseInput(AssignInput, req.body);
    res.status(201).json(await commands.assign(actorOf(res), id, input));
  });

  r.delete('/calls/:id/assignments/:unitId', WRITE, async (req, res) => {
    const id = parseInput(EntityId, req.params.id, 'call id');
    const unitId = parseInput(EntityId, req.params.unitId, 'unit id');
    res.json(await commands.unassign(actorOf(res), id, unitId));
  });

  // The one-click "send police backup" for a civilian team that missed its check-in.
  r.post('/calls/:id/backup', requireRole('ingest', ...COMMAND_ROLES['call:backup']), async (req, res) => {
    const id = parseInput(EntityId, req.params.id, 'call id');
    res.status(201).json(await commands.sendBackup(actorOf(res), id, liveUnits()));
  });

  return r;
}
