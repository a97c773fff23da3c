import { CheckInCommand, ReassignCommand, SetUnitStatusCommand } from '../../../shared/commands';
import type { Commands } from '../../commands/commands';
import type { Logger } from '../../log';
import type { TandemSocket } from '../types';
import { defineCommand } from './define-command';

/** Board commands on units: status changes, check-ins, and supervisor reassignment. */
export function registerUnitHandlers(socket: TandemSocket, commands: Commands, log: Logger): void {
  defineCommand(socket, log, 'unit:setStatus', SetUnitStatusCommand, (c, actor) =>
    commands.setUnitStatusWithCall(actor, c.unitId, { status: c.status, expectedVersion: c.expectedVersion, disposition: c.disposition }),
  );
  defineCommand(socket, log, 'unit:reassign', ReassignCommand, (c, actor) => commands.reassign(actor, c));
  defineCommand(socket, log, 'unit:checkIn', CheckInCommand, (c, actor) => commands.checkIn(actor, c.unitId));
}
