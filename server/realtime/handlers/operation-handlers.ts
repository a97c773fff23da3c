import type { Principal } from '../../../shared/auth';
import type { Ack } from '../../../shared/board-commands';
import { mayRun, OPERATIONS, SOCKET_OPERATIONS, type SocketOperationName } from '../../../shared/operations';
import type { AuditLog } from '../../auth/audit-log';
import type { AuthService } from '../../auth/auth-service';
import type { Commands } from '../../commands/commands';
import { DomainError } from '../../domain/errors';
import type { CallerLimits } from '../../edge/caller-limits';
import type { Logger } from '../../log';
import type { OperationHandlers } from '../../operations/handlers';
import { storeFailure } from '../../redis/redis-errors';
import type { TandemSocket } from '../types';

export interface HandlerDeps {
  commands: Commands;
  handlers: OperationHandlers;
  log: Logger;
  audit: AuditLog;
  auth: AuthService;
  limits: CallerLimits;
}

/**
 * Every board command (the operations declared with `socket: true`) on a socket. Registered
 * for every role, the wall included: a command a role may not run is answered with 'forbidden'
 * and audited, not left hanging.
 */
export function registerOperationHandlers(socket: TandemSocket, deps: HandlerDeps): void {
  for (const name of SOCKET_OPERATIONS) registerOne(socket, deps, name);
}

/**
 * One board command with the checks every command needs, in one place: rate limit, the
 * session still valid (and pushed back, as the user is active), the role may run it, the
 * payload matches the declared schema; then a tagged acknowledgement and an audit record of
 * the outcome. What the command does is its handler's (server/operations/handlers.ts).
 */
function registerOne(socket: TandemSocket, deps: HandlerDeps, name: SocketOperationName): void {
  const { log, audit, auth, limits } = deps;
  const op = OPERATIONS[name];
  // A handler typed for this one name; the generic map cannot be indexed with a union otherwise.
  const run = deps.handlers[name] as (input: unknown, caller: Principal) => Promise<unknown>;
  // Refusals are audited too, before (or without) a valid payload: the subject is a best effort then.
  const subjectOf = (payload: unknown): string => {
    if (typeof payload !== 'object' || payload === null) return '';
    try {
      const s = (op.subject as (i: unknown) => unknown)(payload);
      return typeof s === 'string' ? s.slice(0, 64) : '';
    } catch {
      return '';
    }
  };
  // Socket.IO's typed `on` cannot relate a generic name to its handler type; the payload is
  // validated below, so it is received as unknown here.
  (socket.on as (event: string, listener: (payload: unknown, ack: unknown) => void) => void)(name, (payload, ack) => {
    if (typeof ack !== 'function') return; // every board command expects an answer; ignore malformed calls
    const reply = ack as (result: Ack<unknown>) => void;
    const actor = socket.data.actor;
    const subject = subjectOf(payload);
    const record = (outcome: 'success' | 'failure' | 'denied', detail: string) =>
      void audit.record({ component: 'socket', type: 'command', actor, outcome, subject, detail: `${name}: ${detail}` });
    const refuse = (error: DomainError, outcome: 'failure' | 'denied' = 'failure') => {
      record(outcome, `${error.code}: ${error.message}`);
      reply({ ok: false, error: error.toApiError() });
    };

    if (!limits.allowChange({ via: 'session', actor, sessionId: socket.data.sessionId }))
      return refuse(new DomainError('rate_limited', 'too many commands at once; wait a moment and try again'), 'denied');
    if (!mayRun(socket.data.role, name))
      return refuse(new DomainError('forbidden', `your role (${socket.data.role}) may not ${name.replace(':', ' ')}`), 'denied');
    const parsed = op.input.safeParse(payload);
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
        return run(parsed.data, { actor, role: socket.data.role, via: 'session', sessionId: socket.data.sessionId });
      })
      .then(
        (data) => {
          record('success', 'ok');
          reply({ ok: true, data });
        },
        (err: unknown) => {
          // A refusal for who the caller is (signed out, or a role that may not) is a denial.
          if (err instanceof DomainError) return refuse(err, err.code === 'unauthorized' || err.code === 'forbidden' ? 'denied' : 'failure');
          const failure = storeFailure(err, deps.commands.storeConnected());
          if (failure.code === 'internal') log.error(`${name} failed`, err);
          refuse(failure);
        },
      );
  });
}
