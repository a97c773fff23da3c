import type { SessionInfo } from '../../../shared/events';
import { mayRun, type CommandName, type Role } from '../../../shared/roles';

/**
 * Who this board acts as, from the server's `session:info`. Until it arrives the board offers
 * no actions at all: offering a button the role may not use and then refusing it is worse
 * than showing it a moment later.
 */
export class Session {
  actor = $state<string | null>(null);
  role = $state<Role | null>(null);

  apply(info: SessionInfo): void {
    this.actor = info.actor;
    this.role = info.role;
  }

  /** The server ended the session (signed out elsewhere, expired): offer nothing from now on. */
  clear(): void {
    this.actor = null;
    this.role = null;
  }

  /** May this session run `command`? The server checks again; this only decides what to offer. */
  may(command: CommandName): boolean {
    return this.role !== null && mayRun(this.role, command);
  }
}
