import { mayRun, type InputOf, type OperationName, type ResultOf } from '../../shared/operations';
import type { Role } from '../../shared/roles';
import type { Unit } from '../../shared/unit';
import type { Commands } from '../commands/commands';
import type { Counters } from '../counters';
import { DomainError } from '../domain/errors';

/** Who runs an operation: a signed-in person's role, or an integration's ingest key. */
export interface Caller {
  actor: string;
  role: Role | 'ingest';
}

/** One handler per declared operation; the compiler refuses a list that misses one. */
export type OperationHandlers = { [K in OperationName]: (input: InputOf<K>, caller: Caller) => Promise<ResultOf<K>> };

export interface HandlerContext {
  commands: Commands;
  /** Every unit where it is now (the live projection), to pick the nearest free police for backup. */
  liveUnits: () => Iterable<Unit>;
  counters: Counters;
}

/**
 * What each operation does, whether a board sent it over its socket or a request came over REST:
 * the transports only validate, authorize and answer (server/operations/socket.ts, rest.ts).
 */
export function operationHandlers({ commands, liveUnits, counters }: HandlerContext): OperationHandlers {
  return {
    'call:create': (i, c) => commands.createCall(c.actor, i),
    'call:get': (i) => commands.getCall(i.callId),
    'call:patch': (i, c) => {
      // A reason comes with reopening a finished call, which is call:reopen's decision to allow.
      if (i.patch.reason !== undefined && (c.role === 'ingest' || !mayRun(c.role, 'call:reopen'))) {
        throw new DomainError('forbidden', 'only a supervisor may reopen a finished call');
      }
      return commands.updateCall(c.actor, i.callId, i.patch, i.expectedVersion);
    },
    'call:assign': (i, c) => commands.assign(c.actor, i.callId, { unitId: i.unitId, expectedVersion: i.expectedUnitVersion }),
    'call:unassign': (i, c) => commands.unassign(c.actor, i.callId, i.unitId, i.expectedUnitVersion),
    'call:update': (i, c) => {
      // Reopening is a supervisor's decision with its own operation: call:update may not do it.
      if (i.patch.reason !== undefined) throw new DomainError('forbidden', 'reopen a finished call with call:reopen (supervisors only)');
      return commands.updateCall(c.actor, i.callId, i.patch, i.expectedVersion);
    },
    'call:note': (i, c) => commands.updateCall(c.actor, i.callId, { note: i.text }),
    'call:reopen': (i, c) => commands.updateCall(c.actor, i.callId, { status: 'pending', reason: i.reason }, i.expectedVersion),
    'call:backup': (i, c) => commands.sendBackup(c.actor, i.callId, liveUnits()),
    'unit:get': (i) => commands.getUnit(i.unitId),
    'unit:put': (i, c) => commands.putUnit(c.actor, i.unitId, i.unit),
    'unit:position': async (i, c) => {
      const unit = await commands.updatePosition(c.actor, i.unitId, i.position);
      counters.positionsAccepted++;
      return unit;
    },
    'unit:positions': async (i, c) => {
      const outcome = await commands.updatePositions(c.actor, i.positions);
      counters.positionsAccepted += outcome.accepted;
      counters.positionsIgnored += outcome.ignoredUnitIds.length;
      return outcome;
    },
    'unit:setStatus': (i, c) => commands.setUnitStatus(c.actor, i.unitId, i),
    'unit:reassign': (i, c) => commands.reassign(c.actor, i),
    'unit:checkIn': (i, c) => commands.checkIn(c.actor, i.unitId),
  };
}
