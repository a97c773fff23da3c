import { CheckInCommand, ReassignCommand, SetUnitStatusCommand } from '../../../shared/commands';
import type { TandemSocket } from '../types';
import { defineCommand, type HandlerDeps } from './define-command';

/** Board commands on units: status changes, check-ins, and supervisor reassignment. */
export function registerUnitHandlers(socket: TandemSocket, deps: HandlerDeps): void {
  const { commands } = deps;
  defineCommand(socket, deps, 'unit:setStatus', SetUnitStatusCommand, (c, actor) =>
    commands.setUnitStatusWithCall(actor, c.unitId, { status: c.status, expectedVersion: c.expectedVersion, disposition: c.disposition }),
  );
  defineCommand(socket, deps, 'unit:reassign', ReassignCommand, (c, actor) => commands.reassign(actor, c));
  defineCommand(socket, deps, 'unit:checkIn', CheckInCommand, (c, actor) => commands.checkIn(actor, c.unitId));
}
