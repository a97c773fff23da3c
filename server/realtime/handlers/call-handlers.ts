import { AssignCommand, BackupCommand, NoteCommand, ReopenCommand, UnassignCommand, UpdateCallCommand } from '../../../shared/commands';
import { DomainError } from '../../domain/errors';
import type { TandemSocket } from '../types';
import { defineCommand, type HandlerDeps } from './define-command';

/** Board commands on calls: assign and unassign units, update, note, reopen, send backup. */
export function registerCallHandlers(socket: TandemSocket, deps: HandlerDeps): void {
  const { commands, feed } = deps;
  defineCommand(socket, deps, 'call:assign', AssignCommand, (c, actor) =>
    commands.assign(actor, c.callId, { unitId: c.unitId, expectedVersion: c.expectedUnitVersion }),
  );
  defineCommand(socket, deps, 'call:unassign', UnassignCommand, (c, actor) => commands.unassign(actor, c.callId, c.unitId, c.expectedUnitVersion));
  defineCommand(socket, deps, 'call:update', UpdateCallCommand, (c, actor) => {
    // Reopening is a supervisor's decision with its own command: call:update may not do it.
    if (c.patch.reason !== undefined) throw new DomainError('forbidden', 'reopen a finished call with call:reopen (supervisors only)');
    return commands.updateCall(actor, c.callId, c.patch, c.expectedVersion);
  });
  defineCommand(socket, deps, 'call:note', NoteCommand, (c, actor) => commands.updateCall(actor, c.callId, { note: c.text }));
  defineCommand(socket, deps, 'call:reopen', ReopenCommand, (c, actor) =>
    commands.updateCall(actor, c.callId, { status: 'pending', reason: c.reason }, c.expectedVersion),
  );
  defineCommand(socket, deps, 'call:backup', BackupCommand, (c, actor) => commands.sendBackup(actor, c.callId, feed.projection.units.values()));
}
