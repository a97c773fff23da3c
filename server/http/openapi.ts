import { z } from 'zod';
import { SignInInput } from '../../shared/auth';
import { AssignInput, Call, CreateCallInput, PatchCallInput } from '../../shared/call';
import { ReassignInput } from '../../shared/commands';
import { PositionBatchInput, PositionInput, PutUnitInput, Unit, UnitStatusInput } from '../../shared/unit';

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
    info: { title: 'Tandem REST API', version: '1', description: 'Live co-response dispatch board. Send `Authorization: Bearer <ingest key>` or a session cookie.' },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { ingestKey: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
        },
      },
    },
    security: [{ ingestKey: [] }, { session: [] }],
    paths: {
      '/session': {
        post: { summary: 'Sign in (sets the session cookie)', security: [], requestBody: body(SignInInput), responses: { '201': { description: 'Signed in' }, '401': error('Wrong user name or password'), '423': error('Locked after 5 failures'), '429': error('Too many failures from this address') } },
        delete: { summary: 'Sign out', responses: { '204': { description: 'Signed out' } } },
      },
      '/calls': { post: { summary: 'Create a call (repeating an externalId returns the first call)', requestBody: body(CreateCallInput), responses: { '201': ok(Call, 'Created'), '200': ok(Call, 'Already created with this externalId'), ...refusals } } },
      '/calls/{id}': {
        parameters: [id('id')],
        get: { summary: 'A call, with its version as ETag', responses: { '200': ok(Call), '404': error('No such call') } },
        patch: {
          summary: 'Change status, priority, risk, MH flag, or append a note',
          parameters: [{ name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'The version you saw; 409 when stale' }],
          requestBody: body(PatchCallInput),
          responses: { '200': ok(Call), '409': error('Stale version (says who changed it) or a forbidden transition (names the allowed ones)'), ...refusals },
        },
      },
      '/calls/{id}/assignments': { parameters: [id('id')], post: { summary: 'Assign a unit', requestBody: body(AssignInput), responses: { '201': { description: '{call, unit}' }, '409': error('Unit busy, stale or not available'), ...refusals } } },
      '/calls/{id}/backup': { parameters: [id('id')], post: { summary: 'Send the nearest free police unit as backup to a civilian team', responses: { '201': { description: '{call, unit}' }, '409': error('No police unit free, or the call is closed'), ...refusals } } },
      '/calls/{id}/assignments/{unitId}': { parameters: [id('id'), id('unitId')], delete: { summary: 'Unassign a unit', responses: { '200': { description: '{call, unit}' }, ...refusals } } },
      '/units/{id}': {
        parameters: [id('id')],
        get: { summary: 'A unit', responses: { '200': ok(Unit), '404': error('No such unit') } },
        put: { summary: 'Create or replace a unit', requestBody: body(PutUnitInput), responses: { '201': ok(Unit, 'Created'), '200': ok(Unit, 'Replaced'), ...refusals } },
      },
      '/units/positions': {
        post: {
          summary: 'Report many units\' positions at once (AVL feeds); counted, not audited',
          requestBody: body(PositionBatchInput),
          responses: {
            '204': { description: 'Every position written' },
            '200': { description: '{ignored: [unit ids], message}: units that do not exist were skipped, the rest written' },
            '413': error('Body over 256 KB'),
            ...refusals,
          },
        },
      },
      '/units/{id}/position': { parameters: [id('id')], post: { summary: 'Report a position', requestBody: body(PositionInput), responses: { '200': ok(Unit), ...refusals } } },
      '/units/{id}/reassign': { parameters: [id('id')], post: { summary: 'Move a busy unit to another call (supervisor or integration)', requestBody: body(ReassignInput), responses: { '200': { description: '{unit, fromCall, toCall}' }, '409': error('Stale unit version, or a unit that cannot move'), ...refusals } } },
      '/units/{id}/check-in': { parameters: [id('id')], post: { summary: 'A civilian team on scene checks in (restarts its check-in timer)', responses: { '200': ok(Unit), ...refusals } } },
      '/units/{id}/status': { parameters: [id('id')], post: { summary: 'Report a status', requestBody: body(UnitStatusInput), responses: { '200': { description: 'The unit' }, '409': error('Forbidden transition; names the allowed ones'), ...refusals } } },
      '/state': {
        get: {
          summary: 'Open calls and every unit, at a sequence number: whole calls for an ingest key, call summaries (no notes, timeline, caller phone or external id) for a screen\'s session',
          responses: { '200': ok(z.object({ seq: z.int(), calls: z.array(Call), units: z.array(Unit) }), 'As shown for an ingest key; for a session each call lacks notes, timeline, callerPhone and externalId') },
        },
      },
    },
  };
}
