import { z } from 'zod';
import { EntityId } from '../ids';
import { ProfileImport, type ProfileImportResult, type ProfileResponse, type ProfileStatus } from '../profile';
import { answers, bodyOf } from './contract';

/** Safety profiles: import, withdrawal, and reading through a call under a grant. */
export const PROFILE_OPERATIONS = {
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
};
