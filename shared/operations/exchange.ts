import { z } from 'zod';
import type { Call } from '../call';
import { EntityId } from '../ids';
import { answers, BOARD, bodyOf, READERS } from './contract';

/** An EIDO document as it arrives: a JSON object, checked against the NENA schema by the server. */
const EidoDocument = z.record(z.string(), z.unknown());

/** Exchange with other systems in NENA's incident format (EIDO, NENA-STA-021). */
export const EXCHANGE_OPERATIONS = {
  'call:eido': answers<Record<string, unknown>>()({
    input: z.strictObject({ callId: EntityId }),
    roles: READERS,
    ingest: true,
    socket: false,
    rest: {
      method: 'get',
      path: '/calls/:id/eido',
      params: { id: 'call id' },
      input: ({ params }) => ({ callId: params.id! }),
      summary:
        'The call as a NENA EIDO JSON document: incident, call, location, notes, units and their statuses, cautions, MH facts (extension urn:tandem:eido:mh:1); nothing from safety profiles',
      answer: 'An EmergencyIncidentDataObjectType document (see the NENA EIDO-JSON schema)',
      errors: { '404': 'No such call' },
    },
    subject: (i) => i.callId,
  }),
  'eido:import': answers<{ call: Call; created: boolean }>()({
    input: EidoDocument,
    roles: BOARD,
    ingest: true,
    socket: false,
    rest: {
      method: 'post',
      path: '/eido',
      body: EidoDocument,
      bodyName: 'EIDO document',
      input: ({ body }) => bodyOf(EidoDocument, body),
      status: 201,
      summary:
        'Create a call from a NENA EIDO document, or update the call made from the same incident id (or exported by Tandem): priority, cautions, new notes, its end. Parts Tandem does not model are kept and exported again.',
      answer: '201 {call, created: true}, or 200 {call, created: false} for an update',
      errors: { '400': 'Not a valid EIDO document (details.issues names each path), or no incident type or location point' },
    },
    subject: (_i, r) => r?.call.id ?? '',
  }),
};
