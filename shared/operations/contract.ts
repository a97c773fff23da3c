import { z } from 'zod';
import type { Role } from '../roles';

/** The shape every operation is declared in (see shared/operations.ts). */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** How a request reaches an operation over REST (under /api/v1). */
export interface RestBinding<In> {
  method: HttpMethod;
  /** Express-style path, e.g. '/calls/:id/assignments'. */
  path: string;
  /**
   * Each path parameter and what it names in an error ("invalid call id: ..."): an EntityId,
   * unless a schema is given.
   */
  params?: Record<string, string | { what: string; schema: z.ZodType<string> }>;
  /** The body's schema, when the operation takes one, and what to call it in an error (default "body"). */
  body?: z.ZodType;
  bodyName?: string;
  /** The query string's schema, when the operation reads one, and what to call it in an error. */
  query?: { schema: z.ZodType; what: string };
  /** The operation's input from the validated body, query, path parameters and If-Match version. */
  input: (req: { body: never; query: never; params: Record<string, string>; ifMatch: number | undefined }) => In;
  /** Status of a success (default 200; see the server's responders for 201-or-200 answers). */
  status?: number;
  /** The request may carry `If-Match: <version>` (passed to `input` as ifMatch). */
  ifMatch?: boolean;
  summary: string;
  /** What a success carries, for the API document: a schema, or words where none says it better. */
  answer?: z.ZodType | string;
  /** Refusals worth documenting beyond the common 400/401/403, by status. */
  errors?: Record<string, string>;
}

export interface Operation<S extends z.ZodType = z.ZodType, R = unknown> {
  /** What the operation takes, as a board sends it (and as REST requests are turned into). */
  input: S;
  /** Board roles that may run it, over either transport. */
  roles: readonly Role[];
  /** An integration with an ingest key may run it over REST. */
  ingest: boolean;
  /** Boards send it over Socket.IO, with a tagged acknowledgement. */
  socket: boolean;
  rest?: RestBinding<z.output<S>>;
  /**
   * 'handler': every signed-in caller gets through the door and the handler refuses the others
   * itself (with mayCall), so that a refusal is audited in its own terms (a profile denial).
   */
  checkedBy?: 'handler';
  /** What the audit trail records it as acting on (the result is there once it succeeded). */
  subject: (input: z.output<S>, result?: R) => string;
  /** Never set: carries the type a success answers with. */
  readonly result?: R;
}

/** Declares an operation answering with `R` (the input type follows from the schema). */
export const answers =
  <R>() =>
  <S extends z.ZodType, const Socket extends boolean>(op: Operation<S, R> & { socket: Socket }): Operation<S, R> & { socket: Socket } =>
    op;

// Bodies arrive already validated against `body`; these casts only name their type.
export const bodyOf = <S extends z.ZodType>(_schema: S, body: never) => body as z.output<S>;

export const BOARD = ['dispatcher', 'supervisor'] as const;
/**
 * Who may read whole calls and units. Not admins: managing accounts and keys needs no caller
 * data (least privilege); someone who does both has a dispatch account too.
 */
export const READERS = ['dispatcher', 'supervisor', 'coordinator'] as const;
export const Version = z.int().min(1);
