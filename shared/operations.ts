import type { z } from 'zod';
import type { AckFn } from './board-commands';
import { ADMIN_OPERATIONS } from './operations/admin';
import type { Operation } from './operations/contract';
import { DESTINATION_OPERATIONS } from './operations/destinations';
import { DISPATCH_OPERATIONS } from './operations/dispatch';
import { EXCHANGE_OPERATIONS } from './operations/exchange';
import { PROFILE_OPERATIONS } from './operations/profiles';
import { REPORT_OPERATIONS } from './operations/reports';
import type { Role } from './roles';

export type { HttpMethod, Operation, RestBinding } from './operations/contract';

/**
 * Every operation on calls, units, destinations, accounts and safety profiles, each declared once, as data: its input schema, who may
 * run it, whether boards send it over Socket.IO, where it lives in the REST API, and what the
 * audit trail names as its subject. The server builds its socket handlers, Express routes,
 * role checks and OpenAPI document from this list (server/operations/); the board's typed
 * command sender and the role table it uses to offer buttons come from it too.
 *
 * Adding an operation: declare it in its domain's file under shared/operations/, give it a
 * handler in server/operations/handlers.ts (the compiler asks for one), and write its domain logic.
 */

export const OPERATIONS = {
  ...DISPATCH_OPERATIONS,
  ...EXCHANGE_OPERATIONS,
  ...ADMIN_OPERATIONS,
  ...PROFILE_OPERATIONS,
  ...REPORT_OPERATIONS,
  ...DESTINATION_OPERATIONS,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry keeps its own answer type
} satisfies Record<string, Operation<z.ZodType, any>>;

export type OperationName = keyof typeof OPERATIONS;
/** The input an operation's handler gets (validated, defaults applied). */
export type InputOf<K extends OperationName> = z.output<(typeof OPERATIONS)[K]['input']>;
/** What a caller sends for an operation. */
export type PayloadOf<K extends OperationName> = z.input<(typeof OPERATIONS)[K]['input']>;
export type ResultOf<K extends OperationName> = (typeof OPERATIONS)[K] extends Operation<z.ZodType, infer R> ? R : never;

/** Operations boards send over Socket.IO. */
export type SocketOperationName = { [K in OperationName]: (typeof OPERATIONS)[K]['socket'] extends true ? K : never }[OperationName];

export const SOCKET_OPERATIONS = (Object.keys(OPERATIONS) as OperationName[]).filter((n): n is SocketOperationName => OPERATIONS[n].socket);

/** The Socket.IO events of the board's commands: each payload, and the acknowledgement it gets. */
export type SocketOperationEvents = {
  [K in SocketOperationName]: (input: PayloadOf<K>, ack: AckFn<ResultOf<K>>) => void;
};

/** May this caller (a signed-in role, or an integration's ingest key) run this operation? */
export function mayCall(role: Role | 'ingest', name: OperationName): boolean {
  return role === 'ingest' ? OPERATIONS[name].ingest : mayRun(role, name);
}

/** May a signed-in role run this operation? (Integrations: `ingest`, REST only.) The board offers only what this allows. */
export function mayRun(role: Role, name: OperationName): boolean {
  return (OPERATIONS[name].roles as readonly Role[]).includes(role);
}
