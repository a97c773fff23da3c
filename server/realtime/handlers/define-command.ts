import type { z } from 'zod';
import type { Ack } from '../../../shared/commands';
import { mayRun, type CommandName } from '../../../shared/roles';
import { DomainError } from '../../domain/errors';
import type { Logger } from '../../log';
import type { TandemSocket } from '../types';

/**
 * Registers one board command on a socket with the checks every command needs, in one place:
 * the caller's role may run it, the payload matches the shared schema, and the answer is a
 * tagged acknowledgement. Handlers then hold only what the command does.
 */
export function defineCommand<S extends z.ZodType, T>(
  socket: TandemSocket,
  log: Logger,
  name: CommandName,
  schema: S,
  run: (input: z.output<S>, actor: string) => Promise<T>,
): void {
  // Socket.IO's typed `on` cannot relate a generic name to its handler type; the payload is
  // validated below, so it is received as unknown here.
  (socket.on as (event: string, listener: (payload: unknown, ack: unknown) => void) => void)(name, (payload, ack) => {
    if (typeof ack !== 'function') return; // every board command expects an answer; ignore malformed calls
    const reply = ack as (result: Ack<T>) => void;
    const refuse = (error: DomainError) => reply({ ok: false, error: error.toApiError() });

    if (!mayRun(socket.data.role, name)) {
      refuse(new DomainError('forbidden', `your role (${socket.data.role}) may not ${name.replace(':', ' ')}`));
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      refuse(new DomainError('bad_request', `invalid ${name}: ${where}${issue?.message ?? 'malformed'}`, { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }));
      return;
    }
    Promise.resolve()
      .then(() => run(parsed.data, socket.data.actor))
      .then(
      (data) => reply({ ok: true, data }),
      (err: unknown) => {
        if (err instanceof DomainError) return refuse(err);
        log.error(`${name} failed`, err);
        refuse(new DomainError('unavailable', 'the command could not be saved (is Redis reachable?); nothing was changed, try again'));
      },
    );
  });
}
