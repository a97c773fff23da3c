import { z } from 'zod';
import { AuditFilter, NewKeyInput, NewUserInput, UserPatchInput, type AdminUser, type ApiKeyRecord, type AuditRecord } from '../admin';
import { Username } from '../auth';
import type { Role } from '../roles';
import { answers, bodyOf } from './contract';

/** Accounts, keys and the audit trail: admins only. */
export const ADMIN_OPERATIONS = {
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
};
