import { z } from 'zod';
import { SignInInput } from '../../shared/auth';
import { Call } from '../../shared/call';
import { Destination } from '../../shared/destination';
import { OPERATIONS, type OperationName } from '../../shared/operations';
import { Unit } from '../../shared/unit';

/**
 * The OpenAPI description of the REST API, generated from the same zod schemas that validate
 * requests at the edge, so the document cannot drift from what the server accepts.
 */
const schema = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s, 'input') } } });
const ok = (s: z.ZodType, description = 'OK') => ({ description, content: { 'application/json': { schema: schema(s, 'output') } } });
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } });
const refusals = { '400': error('Invalid input; details.issues names each bad field'), '401': error('No credentials'), '403': error('Role may not') };

export function openApiDocument(): unknown {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tandem REST API',
      version: '1',
      description: 'Live co-response dispatch board. Send `Authorization: Bearer <ingest key>` or a session cookie.',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { ingestKey: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } },
          },
        },
      },
    },
    security: [{ ingestKey: [] }, { session: [] }],
    paths: {
      ...operationPaths(),
      '/session': {
        post: {
          summary: 'Sign in (sets the session cookie)',
          security: [],
          requestBody: body(SignInInput),
          responses: {
            '201': { description: 'Signed in' },
            '401': error('Wrong user name or password, or the account is locked after 5 failures (one answer for all three)'),
            '429': error('Too many failures from this address, or for this account from this address'),
          },
        },
        get: {
          summary: 'Who is signed in: {username, role, idleMinutes}',
          responses: { '200': { description: '{username, role, idleMinutes}' }, '401': error('Not signed in') },
        },
        delete: { summary: 'Sign out', responses: { '204': { description: 'Signed out' } } },
      },
      '/session/all': {
        delete: {
          summary: 'Sign out everywhere (every session of this user)',
          responses: { '200': { description: '{ended: number of sessions}' }, '401': error('Not signed in') },
        },
      },
      '/state': {
        get: {
          summary:
            "Open calls, every unit and every transport destination, at a sequence number: whole calls for an ingest key, call summaries (no notes, timeline, caller phone or external id) for a screen's session",
          responses: {
            '200': ok(
              z.object({ seq: z.int(), calls: z.array(Call), units: z.array(Unit), destinations: z.array(Destination) }),
              'As shown for an ingest key; for a session each call lacks notes, timeline, callerPhone and externalId',
            ),
          },
        },
      },
    },
  };
}

/** Paths of the operations declared in shared/operations.ts, each with who may call it. */
function operationPaths(): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(OPERATIONS) as OperationName[]) {
    const op = OPERATIONS[name];
    const rest = 'rest' in op ? op.rest : undefined;
    if (!rest) continue;
    const path = rest.path.replace(/:(\w+)/g, '{$1}');
    const who = [...(op.ingest ? ['an ingest key'] : []), ...op.roles].join(', ');
    const errors = Object.fromEntries(Object.entries(rest.errors ?? {}).map(([status, text]) => [status, error(text)]));
    paths[path] ??= {};
    paths[path][rest.method] = {
      operationId: name,
      summary: rest.summary,
      description: `Operation \`${name}\`. Allowed: ${who}.`,
      'x-roles': [...(op.ingest ? ['ingest'] : []), ...op.roles],
      parameters: [
        ...Object.keys(rest.params ?? {}).map(id),
        ...(rest.query ? queryParameters(rest.query.schema) : []),
        ...(rest.ifMatch ? [{ name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'The version you saw; 409 when stale' }] : []),
      ],
      ...(rest.body ? { requestBody: body(rest.body) } : {}),
      responses: { [String(rest.status ?? 200)]: answerOf(rest.answer), ...errors, ...refusals },
    };
  }
  return paths;
}

/** Each field of a query-string schema as an OpenAPI query parameter. */
function queryParameters(s: z.ZodType): unknown[] {
  const json = schema(s, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

function answerOf(answer: z.ZodType | string | undefined): unknown {
  if (answer === undefined) return { description: 'OK' };
  return typeof answer === 'string' ? { description: answer } : ok(answer);
}
