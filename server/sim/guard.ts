import { DomainError } from '../domain/errors';
import type { Logger } from '../log';

/**
 * Runs the simulator's commands. The simulator races real users (a dispatcher may take the unit
 * it was about to send), so a domain refusal is normal: it is logged at debug and dropped. Any
 * other failure (Redis down) is logged as a warning at most every 30 s per message, and the
 * simulator carries on; nothing it does may crash the server or leave a rejection unhandled.
 */
export class CommandGuard {
  private readonly lastWarned = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(what: string, command: () => Promise<T>): Promise<T | undefined> {
    try {
      return await command();
    } catch (err) {
      if (err instanceof DomainError) {
        this.log.debug(`sim: ${what}: ${err.code}: ${err.message}`);
        return undefined;
      }
      const message = err instanceof Error ? err.message : String(err);
      const t = this.now();
      if ((this.lastWarned.get(message) ?? -Infinity) + 30_000 <= t) {
        if (this.lastWarned.size > 100) this.lastWarned.clear();
        this.lastWarned.set(message, t);
        this.log.warn(`sim: ${what} failed; the simulator carries on`, err);
      }
      return undefined;
    }
  }
}
