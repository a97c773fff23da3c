import type { z } from 'zod';
import type { Ack } from '../../../shared/commands';
import { mayRun, type CommandName } from '../../../shared/roles';
import type { AuditLog } from '../../auth/audit-log';
import type { AuthService } from '../../auth/auth-service';
import type { Commands } from '../../commands/commands';
import { DomainError } from '../../domain/errors';
import type { RateLimiter } from '../../edge/rate-limit';
import type { LiveFeed } from '../../live/live-feed';
import type { Logger } from '../../log';
import { storeFailure } from '../../redis/redis-errors';
import type { TandemSocket } from '../types';

export interface HandlerDeps {
  commands: Commands;
  feed: LiveFeed;
  log: Logger;
  audit: AuditLog;
  auth: AuthService;
  limiter: RateLimiter;
}

/** The subject a command acts on, for the audit trail. */
function subjectOf(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const i = input as Record<string, unknown>;
  const id = i.callId ?? i.toCallId ?? i.unitId;
  return typeof id === 'string' ? id.slice(0, 64) : '';
}

/**
 * Registers one board command on a socket with the checks every command needs, in one place:
 * rate limit, the session still valid (and pushed back, as the user is active), the role may
 * run it, the payload matches the shared schema; then a tagged acknowledgement and an audit
 * record of the outcome. Handlers hold only what the command does.
 */
export function defineCommand<S extends z.ZodType, T>(
  socket: TandemSocket,
  deps: HandlerDeps,
  name: CommandName,
  schema: S,
  run: (input: z.output<S>, actor: string) => Promise<T>,
): void {
  const { log, audit, auth, limiter } = deps;
  // Socket.IO's typed `on` cannot relate a generic name to its handler type; the payload is
  // validated below, so it is received as unknown here.
  (socket.on as (event: string, listener: (payload: unknown, ack: unknown) => void) => void)(name, (payload, ack) => {
    if (typeof ack !== 'function') return; // every board command expects an answer; ignore malformed calls
    const reply = ack as (result: Ack<T>) => void;
    const actor = socket.data.actor;
    const record = (outcome: 'success' | 'failure' | 'denied', detail: string) =>
      void audit.record({ component: 'socket', type: 'command', actor, outcome, subject: subjectOf(payload), detail: `${name}: ${detail}` });
    const refuse = (error: DomainError, outcome: 'failure' | 'denied' = 'failure') => {
      record(outcome, `${error.code}: ${error.message}`);
      reply({ ok: false, error: error.toApiError() });
    };

    if (!limiter.allow(socket.id)) return refuse(new DomainError('rate_limited', 'too many commands at once; wait a moment and try again'), 'denied');
    if (!mayRun(socket.data.role, name)) return refuse(new DomainError('forbidden', `your role (${socket.data.role}) may not ${name.replace(':', ' ')}`), 'denied');
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return refuse(new DomainError('bad_request', `invalid ${name}: ${where}${issue?.message ?? 'malformed'}`, { issues }));
    }
    auth.sessions
      .get(socket.data.sessionId, true)
      .then((session) => {
        if (!session) throw new DomainError('unauthorized', 'your session has ended; sign in again');
        return run(parsed.data, actor);
      })
      .then(
        (data) => {
          record('success', 'ok');
          reply({ ok: true, data });
        },
        (err: unknown) => {
          if (err instanceof DomainError) return refuse(err, err.code === 'unauthorized' ? 'denied' : 'failure');
          const failure = storeFailure(err, deps.commands.storeConnected());
          if (failure.code === 'internal') log.error(`${name} failed`, err);
          refuse(failure);
        },
      );
  });
}
