import { z } from 'zod';
import { AssignInput, Call, CreateCallInput, PatchCallInput } from './call';
import {
  AssignCommand,
  BackupCommand,
  CheckInCommand,
  NoteCommand,
  ReassignCommand,
  ReassignInput,
  ReopenCommand,
  SetUnitStatusCommand,
  UnassignCommand,
  UpdateCallCommand,
  type AckFn,
  type CallAndUnit,
  type Reassignment,
} from './board-commands';
import { EntityId } from './ids';
import type { Role } from './roles';
import { AuditFilter, NewKeyInput, NewUserInput, UserPatchInput, type AdminUser, type ApiKeyRecord, type AuditRecord } from './admin';
import { Username } from './auth';
import { ProfileImport, type ProfileImportResult, type ProfileResponse, type ProfileStatus } from './profile';
import { PositionBatchInput, PositionInput, PutUnitInput, Unit, UnitStatusInput, type UnitDoc } from './unit';

/**
 * Every operation on calls and units, each declared once, as data: its input schema, who may
 * run it, whether boards send it over Socket.IO, where it lives in the REST API, and what the
 * audit trail names as its subject. The server builds its socket handlers, Express routes,
 * role checks and OpenAPI document from this list (server/operations/); the board's typed
 * command sender and the role table it uses to offer buttons come from it too.
 *
 * Adding an operation: declare it here, give it a handler in server/operations/handlers.ts
 * (the compiler asks for one), and write its domain logic.
 */

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
const answers =
  <R>() =>
  <S extends z.ZodType, const Socket extends boolean>(op: Operation<S, R> & { socket: Socket }): Operation<S, R> & { socket: Socket } =>
    op;

// Bodies arrive already validated against `body`; these casts only name their type.
const bodyOf = <S extends z.ZodType>(_schema: S, body: never) => body as z.output<S>;

const BOARD = ['dispatcher', 'supervisor'] as const;
const READERS = ['dispatcher', 'supervisor', 'coordinator', 'admin'] as const;
const Version = z.int().min(1);

export const OPERATIONS = {
  'call:create': answers<{ call: Call; created: boolean }>()({
    input: CreateCallInput,
    roles: BOARD,
    ingest: true,
    socket: false,
    rest: {
      method: 'post',
      path: '/calls',
      body: CreateCallInput,
      input: ({ body }) => bodyOf(CreateCallInput, body),
      status: 201,
      summary: 'Create a call (repeating an externalId returns the first call)',
      answer: Call,
    },
    subject: (_i, created) => created?.call.id ?? '',
  }),
  'call:get': answers<Call>()({
    input: z.strictObject({ callId: EntityId }),
    roles: READERS,
    ingest: true,
    socket: false,
    rest: {
      method: 'get',
      path: '/calls/:id',
      params: { id: 'call id' },
      input: ({ params }) => ({ callId: params.id! }),
      summary: 'A call, with its version as ETag',
      answer: Call,
      errors: { '404': 'No such call' },
    },
    subject: (i) => i.callId,
  }),
  'call:patch': answers<Call>()({
    input: z.strictObject({ callId: EntityId, patch: PatchCallInput, expectedVersion: Version.optional() }),
    roles: BOARD,
    ingest: true,
    socket: false,
    rest: {
      method: 'patch',
      path: '/calls/:id',
      params: { id: 'call id' },
      body: PatchCallInput,
      input: ({ body, params, ifMatch }) => ({ callId: params.id!, patch: bodyOf(PatchCallInput, body), expectedVersion: ifMatch }),
      ifMatch: true,
      summary: 'Change status, priority, risk, MH flag, or append a note (If-Match: the version you saw; reopening with a reason: supervisors)',
      answer: Call,
      errors: { '409': 'Stale version (says who changed it) or a forbidden transition (names the allowed ones)' },
    },
    subject: (i) => i.callId,
  }),
  'call:assign': answers<CallAndUnit>()({
    input: AssignCommand,
    roles: BOARD,
    ingest: true,
    socket: true,
    rest: {
      method: 'post',
      path: '/calls/:id/assignments',
      params: { id: 'call id' },
      body: AssignInput,
      input: ({ body, params }) => {
        const b = bodyOf(AssignInput, body);
        return { callId: params.id!, unitId: b.unitId, expectedUnitVersion: b.expectedVersion, override: b.override };
      },
      status: 201,
      summary: 'Assign a unit',
      answer: '{call, unit}',
      errors: { '409': 'Unit busy, stale or not available' },
    },
    subject: (i) => i.callId,
  }),
  'call:unassign': answers<CallAndUnit>()({
    input: UnassignCommand,
    roles: BOARD,
    ingest: true,
    socket: true,
    rest: {
      method: 'delete',
      path: '/calls/:id/assignments/:unitId',
      params: { id: 'call id', unitId: 'unit id' },
      input: ({ params }) => ({ callId: params.id!, unitId: params.unitId! }),
      summary: 'Unassign a unit',
      answer: '{call, unit}',
    },
    subject: (i) => i.callId,
  }),
  'call:update': answers<Call>()({ input: UpdateCallCommand, roles: BOARD, ingest: false, socket: true, subject: (i) => i.callId }),
  'call:note': answers<Call>()({ input: NoteCommand, roles: [...BOARD, 'coordinator'], ingest: false, socket: true, subject: (i) => i.callId }),
  'call:reopen': answers<Call>()({ input: ReopenCommand, roles: ['supervisor'], ingest: false, socket: true, subject: (i) => i.callId }),
  'call:backup': answers<CallAndUnit>()({
    input: BackupCommand,
    roles: [...BOARD, 'coordinator'],
    ingest: true,
    socket: true,
    rest: {
      method: 'post',
      path: '/calls/:id/backup',
      params: { id: 'call id' },
      input: ({ params }) => ({ callId: params.id! }),
      status: 201,
      summary: 'Send the nearest free police unit as backup to a civilian team',
      answer: '{call, unit}',
      errors: { '409': 'No police unit free, or the call is closed' },
    },
    subject: (i) => i.callId,
  }),
  'unit:get': answers<Unit>()({
    input: z.strictObject({ unitId: EntityId }),
    roles: READERS,
    ingest: true,
    socket: false,
    rest: {
      method: 'get',
      path: '/units/:id',
      params: { id: 'unit id' },
      input: ({ params }) => ({ unitId: params.id! }),
      summary: 'A unit',
      answer: Unit,
      errors: { '404': 'No such unit' },
    },
    subject: (i) => i.unitId,
  }),
  'unit:put': answers<{ unit: UnitDoc; created: boolean }>()({
    input: z.strictObject({ unitId: EntityId, unit: PutUnitInput }),
    roles: ['supervisor', 'admin'],
    ingest: true,
    socket: false,
    rest: {
      method: 'put',
      path: '/units/:id',
      params: { id: 'unit id' },
      body: PutUnitInput,
      input: ({ body, params }) => ({ unitId: params.id!, unit: bodyOf(PutUnitInput, body) }),
      summary: 'Create or replace a unit',
      answer: Unit,
    },
    subject: (i) => i.unitId,
  }),
  'unit:position': answers<Unit>()({
    input: z.strictObject({ unitId: EntityId, position: PositionInput }),
    roles: [],
    ingest: true,
    socket: false,
    rest: {
      method: 'post',
      path: '/units/:id/position',
      params: { id: 'unit id' },
      body: PositionInput,
      input: ({ body, params }) => ({ unitId: params.id!, position: bodyOf(PositionInput, body) }),
      summary: 'Report a position',
      answer: Unit,
    },
    subject: (i) => i.unitId,
  }),
  'unit:positions': answers<{ accepted: number; ignoredUnitIds: string[] }>()({
    input: PositionBatchInput,
    roles: [],
    ingest: true,
    socket: false,
    rest: {
      method: 'post',
      path: '/units/positions',
      body: PositionBatchInput,
      input: ({ body }) => bodyOf(PositionBatchInput, body),
      status: 204,
      summary: "Report many units' positions at once (AVL feeds); counted, not audited",
      answer: '204: every position written; 200 {ignored: [unit ids], message}: units that do not exist were skipped, the rest written',
      errors: { '413': 'Body over 256 KB' },
    },
    subject: () => '',
  }),
  'unit:setStatus': answers<{ unit: UnitDoc; call: Call | null }>()({
    input: SetUnitStatusCommand,
    roles: BOARD,
    ingest: true,
    socket: true,
    rest: {
      method: 'post',
      path: '/units/:id/status',
      params: { id: 'unit id' },
      body: UnitStatusInput,
      input: ({ body, params }) => ({ unitId: params.id!, ...bodyOf(UnitStatusInput, body) }),
      summary: 'Report a status (answers with the unit)',
      answer: Unit,
      errors: { '409': 'Forbidden transition; names the allowed ones' },
    },
    subject: (i) => i.unitId,
  }),
  'unit:reassign': answers<Reassignment>()({
    input: ReassignCommand,
    roles: ['supervisor'],
    ingest: true, // a CAD moves a unit on its own authority; on the board only a supervisor may
    socket: true,
    rest: {
      method: 'post',
      path: '/units/:id/reassign',
      params: { id: 'unit id' },
      body: ReassignInput,
      input: ({ body, params }) => ({ unitId: params.id!, ...bodyOf(ReassignInput, body) }),
      summary: 'Move a busy unit to another call (supervisor or integration)',
      answer: '{unit, fromCall, toCall}',
      errors: { '409': 'Stale unit version, or a unit that cannot move' },
    },
    subject: (i) => i.unitId,
  }),
  'unit:checkIn': answers<UnitDoc>()({
    input: CheckInCommand,
    roles: [...BOARD, 'coordinator'],
    ingest: true, // from the board, or from a team's mobile terminal through an integration
    socket: true,
    rest: {
      method: 'post',
      path: '/units/:id/check-in',
      params: { id: 'unit id' },
      input: ({ params }) => ({ unitId: params.id! }),
      summary: 'A civilian team on scene checks in (restarts its check-in timer)',
      answer: Unit,
    },
    subject: (i) => i.unitId,
  }),
  'admin:listUsers': answers<AdminUser[]>()({
    input: z.strictObject({}),
    roles: ['admin'],
    ingest: false,
    socket: false,
    rest: { method: 'get', path: '/admin/users', input: () => ({}), summary: 'Accounts, roles and lockouts (never a password hash)' },
    subject: () => '',
  }),
  'admin:addUser': answers<{ username: string; role: Role }>()({
    input: NewUserInput,
    roles: ['admin'],
    ingest: false,
    socket: false,
    rest: {
      method: 'post',
      path: '/admin/users',
      body: NewUserInput,
      input: ({ body }) => bodyOf(NewUserInput, body),
      status: 201,
      summary: 'Create an account (passwords: 12 characters or more)',
      errors: { '409': 'The user name is taken' },
    },
    subject: (i) => i.username,
  }),
  'admin:updateUser': answers<{ username: string; role?: Role }>()({
    input: z.strictObject({ username: Username, patch: UserPatchInput }),
    roles: ['admin'],
    ingest: false,
    socket: false,
    rest: {
      method: 'patch',
      path: '/admin/users/:username',
      params: { username: { what: 'user name', schema: Username } },
      body: UserPatchInput,
      input: ({ body, params }) => ({ username: params.username!, patch: bodyOf(UserPatchInput, body) }),
      summary: "Change a user's role or password (either ends their sessions)",
      errors: { '404': 'No such user' },
    },
    subject: (i) => i.username,
  }),
  'admin:removeUser': answers<void>()({
    input: z.strictObject({ username: Username }),
    roles: ['admin'],
    ingest: false,
    socket: false,
    rest: {
      method: 'delete',
      path: '/admin/users/:username',
      params: { username: { what: 'user name', schema: Username } },
      input: ({ params }) => ({ username: params.username! }),
      status: 204,
      summary: 'Delete an account (ends its sessions)',
    },
    subject: (i) => i.username,
  }),
  'admin:signOutUser': answers<{ ended: number }>()({
    input: z.strictObject({ username: Username }),
    roles: ['admin'],
    ingest: false,
    socket: false,
    rest: {
      method: 'post',
      path: '/admin/users/:username/signout',
      params: { username: { what: 'user name', schema: Username } },
      input: ({ params }) => ({ username: params.username! }),
      summary: "End all of a user's sessions",
      answer: '{ended: number of sessions}',
    },
    subject: (i) => i.username,
  }),
  'admin:listKeys': answers<ApiKeyRecord[]>()({
    input: z.strictObject({}),
    roles: ['admin'],
    ingest: false,
    socket: false,
    rest: { method: 'get', path: '/admin/keys', input: () => ({}), summary: 'Display and ingest keys (never the secrets)' },
    subject: () => '',
  }),
  'admin:createKey': answers<ApiKeyRecord & { secret: string }>()({
    input: NewKeyInput,
    roles: ['admin'],
    ingest: false,
    socket: false,
    rest: {
      method: 'post',
      path: '/admin/keys',
      body: NewKeyInput,
      input: ({ body }) => bodyOf(NewKeyInput, body),
      status: 201,
      summary: 'Create a wall display key or an ingest key; the secret is in this answer only',
      answer: '{id, kind, name, createdAt, createdBy, secret}',
    },
    subject: (i, created) => created?.id ?? i.name, // the key's id, as its revocation is audited
  }),
  'admin:revokeKey': answers<ApiKeyRecord>()({
    input: z.strictObject({ keyId: z.uuid() }),
    roles: ['admin'],
    ingest: false,
    socket: false,
    rest: {
      method: 'delete',
      path: '/admin/keys/:id',
      params: { id: { what: 'key id', schema: z.uuid() } },
      input: ({ params }) => ({ keyId: params.id! }),
      summary: 'Revoke a key (a wall using it is disconnected)',
    },
    subject: (i) => i.keyId,
  }),
  'admin:audit': answers<AuditRecord[]>()({
    input: AuditFilter,
    roles: ['admin'],
    ingest: false,
    socket: false,
    rest: {
      method: 'get',
      path: '/admin/audit',
      query: { schema: AuditFilter, what: 'audit filter' },
      input: ({ query }) => query as AuditFilter,
      summary: 'The audit trail, newest first, filtered by actor, subject, type and time',
    },
    subject: () => '',
  }),
  'profile:import': answers<ProfileImportResult>()({
    input: ProfileImport,
    roles: ['admin'],
    ingest: true, // from the registry residents sign up with, or an administrator
    socket: false,
    rest: {
      method: 'post',
      path: '/profiles',
      body: ProfileImport,
      bodyName: 'profile import',
      input: ({ body }) => bodyOf(ProfileImport, body),
      summary: 'Import safety profiles (one object or an array); each record is checked and stored on its own',
      answer: '{imported, results: [{index, ok, id | error}]}; 400 when none was imported',
    },
    subject: () => '',
  }),
  'profile:delete': answers<void>()({
    input: z.strictObject({ profileId: EntityId }),
    roles: ['admin'],
    ingest: true,
    socket: false,
    rest: {
      method: 'delete',
      path: '/profiles/:profileId',
      params: { profileId: 'profile id' },
      input: ({ params }) => ({ profileId: params.profileId! }),
      status: 204,
      summary: 'A resident withdraws: the profile and its phone index are removed',
    },
    subject: (i) => i.profileId,
  }),
  // Every caller reaches the next two and the profile service refuses the others, so that a
  // wall or an integration asking is refused *and* audited as a profile denial.
  'profile:view': answers<ProfileResponse>()({
    input: z.strictObject({ callId: EntityId }),
    roles: ['dispatcher', 'supervisor', 'coordinator'],
    ingest: false,
    socket: false,
    checkedBy: 'handler',
    rest: {
      method: 'get',
      path: '/calls/:id/profile',
      params: { id: 'call id' },
      input: ({ params }) => ({ callId: params.id! }),
      summary: "The safety profile linked to a call's phone, filtered by role, while the call's grant lasts (audited)",
      errors: { '404': 'No profile for this call, or its access ended' },
    },
    subject: (i) => i.callId,
  }),
  'profile:status': answers<ProfileStatus>()({
    input: z.strictObject({ callId: EntityId }),
    roles: ['dispatcher', 'supervisor', 'coordinator'],
    ingest: false,
    socket: false,
    rest: {
      method: 'get',
      path: '/calls/:id/profile/status',
      params: { id: 'call id' },
      input: ({ params }) => ({ callId: params.id! }),
      summary: 'Whether a profile is linked to the call and until when',
    },
    subject: (i) => i.callId,
  }),
  'profile:extend': answers<{ grant: { expiresAt: number; extendedBy?: string; reason?: string } }>()({
    // The body is read only after the role is checked (and a refusal audited): see its handler.
    input: z.strictObject({ callId: EntityId, body: z.unknown() }),
    roles: ['supervisor'],
    ingest: false,
    socket: false,
    checkedBy: 'handler',
    rest: {
      method: 'post',
      path: '/calls/:id/profile/extend',
      params: { id: 'call id' },
      input: ({ body, params }) => ({ callId: params.id!, body: body as unknown }),
      summary: "Extend access to a call's profile, with a reason (supervisors)",
      answer: '{grant: {expiresAt, extendedBy, reason}}',
    },
    subject: (i) => i.callId,
  }),
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
