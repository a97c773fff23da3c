import type { SignedIn } from '../../../shared/auth';
import type { SessionInfo } from '../../../shared/events';
import { mayRun, type OperationName } from '../../../shared/operations';
import type { Role } from '../../../shared/roles';

/**
 * Who this browser acts as: from the sign-in check (GET /api/v1/session) or the sign-in itself,
 * confirmed by the socket's `session:info`. Until it is known the board offers no actions at
 * all: offering a button the role may not use and then refusing it is worse than showing it a
 * moment later.
 */
export class Session {
  actor = $state<string | null>(null);
  role = $state<Role | null>(null);
  /** Idle sign-out after this many minutes without activity; null for wall displays (or unknown). */
  idleMinutes = $state<number | null>(null);

  /** From the REST sign-in or who-am-I. */
  signedIn(info: SignedIn): void {
    this.actor = info.username;
    this.role = info.role;
    this.idleMinutes = info.idleMinutes;
  }

  /** From the socket: the same session, as the live connection sees it. */
  apply(info: SessionInfo): void {
    this.actor = info.actor;
    this.role = info.role;
  }

  /** Signed out, or the server ended the session: offer nothing from now on. */
  clear(): void {
    this.actor = null;
    this.role = null;
    this.idleMinutes = null;
  }

  /** May this session run `command`? The server checks again; this only decides what to offer. */
  may(command: OperationName): boolean {
    return this.role !== null && mayRun(this.role, command);
  }
}
