import { z } from 'zod';
import { Destination, DestinationBedsInput, PutDestinationInput, SetBedsCommand } from '../destination';
import { EntityId } from '../ids';
import { answers, bodyOf } from './contract';

/**
 * Who keeps destinations current: coordinators (they phone the units for beds), supervisors,
 * admins (setting up the list) and integrations (a state bed-tracking feed). Dispatchers choose
 * among them when a unit transports, and do not edit them.
 */
const KEEPERS = ['coordinator', 'supervisor', 'admin'] as const;

/** Transport destinations (crisis units, detox, hospitals) and their free beds. */
export const DESTINATION_OPERATIONS = {
  'destination:list': answers<{ destinations: Destination[] }>()({
    input: z.strictObject({}),
    // Facilities, no caller data: every signed-in screen may read them, the wall included.
    roles: ['dispatcher', 'supervisor', 'coordinator', 'wall', 'admin'],
    ingest: true,
    socket: false,
    rest: {
      method: 'get',
      path: '/destinations',
      input: () => ({}),
      summary: 'Every transport destination with its type, location and free beds, by name',
      answer: z.strictObject({ destinations: z.array(Destination) }),
    },
    subject: () => 'destinations',
  }),
  'destination:put': answers<{ destination: Destination; created: boolean }>()({
    input: z.strictObject({ destinationId: EntityId, destination: PutDestinationInput }),
    roles: KEEPERS,
    ingest: true,
    socket: false,
    rest: {
      method: 'put',
      path: '/destinations/:id',
      params: { id: 'destination id' },
      body: PutDestinationInput,
      input: ({ body, params }) => ({ destinationId: params.id!, destination: bodyOf(PutDestinationInput, body) }),
      summary: 'Create or replace a destination (free beds left out: those on file stay)',
      answer: Destination,
      errors: { '409': 'Stale expectedVersion (says who changed it and when)' },
    },
    subject: (i) => i.destinationId,
  }),
  'destination:setBeds': answers<Destination>()({
    input: SetBedsCommand,
    roles: KEEPERS,
    ingest: true,
    // The coordinator screen's +/- buttons send it over the socket.
    socket: true,
    rest: {
      method: 'post',
      path: '/destinations/:id/beds',
      params: { id: 'destination id' },
      body: DestinationBedsInput,
      input: ({ body, params }) => ({ destinationId: params.id!, ...bodyOf(DestinationBedsInput, body) }),
      summary: 'Set how many beds are free now (null: not known)',
      answer: Destination,
      errors: { '404': 'No such destination', '409': 'Stale expectedVersion (says who changed it and when)' },
    },
    subject: (i) => i.destinationId,
  }),
};
