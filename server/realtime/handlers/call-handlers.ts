import { AssignCommand, BackupCommand, NoteCommand, ReopenCommand, UnassignCommand, UpdateCallCommand } from '../../../shared/commands';
import type { Commands } from '../../commands/commands';
import { DomainError } from '../../domain/errors';
import type { LiveFeed } from '../../live/live-feed';
import type { Logger } from '../../log';
import type { TandemSocket } from '../types';
import { defineCommand } from './define-command';

/** Board commands on calls: assign and unassign units, update, note, reopen, send backup. */
export function registerCallHandlers(socket: TandemSocket, commands: Commands, feed: LiveFeed, log: Logger): void {
  defineCommand(socket, log, 'call:assign', AssignCommand, (c, actor) =>
    commands.assign(actor, c.callId, { unitId: c.unitId, expectedVersion: c.expectedUnitVersion }),
  );
  defineCommand(socket, log, 'call:unassign', UnassignCommand, (c, actor) => commands.unassign(actor, c.callId, c.unitId));
  defineCommand(socket, log, 'call:update', UpdateCallCommand, (c, actor) => {
    // Reopening is a supervisor's decision with its own command: call:update may not do it.
    if (c.patch.reason !== undefined) throw new DomainError('forbidden', 'reopen a finished call with call:reopen (supervisors only)');
    return commands.updateCall(actor, c.callId, c.patch, c.expectedVersion);
  });
  defineCommand(socket, log, 'call:note', NoteCommand, (c, actor) => commands.updateCall(actor, c.callId, { note: c.text }));
  defineCommand(socket, log, 'call:reopen', ReopenCommand, (c, actor) =>
    commands.updateCall(actor, c.callId, { status: 'pending', reason: c.reason }, c.expectedVersion),
  );
  defineCommand(socket, log, 'call:backup', BackupCommand, (c, actor) => commands.sendBackup(actor, c.callId, feed.projection.units.values()));
}
