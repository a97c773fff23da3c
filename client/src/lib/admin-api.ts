import type { AdminUser, ApiKeyRecord as ApiKey, ApiKeyKind as KeyKind, AuditRecord } from '../../../shared/admin';
import type { Role } from '../../../shared/roles';
import { apiJson } from './api';

/** The admin REST API (server/http/routes/admin.ts); record shapes from shared/admin.ts. */
export type { AdminUser, ApiKey, KeyKind, AuditRecord };

const user = (name: string) => `/admin/users/${encodeURIComponent(name)}`;

export const listUsers = () => apiJson<AdminUser[]>('GET', '/admin/users');
export const addUser = (username: string, role: Role, password: string) => apiJson<unknown>('POST', '/admin/users', { username, role, password });
export const setRole = (username: string, role: Role) => apiJson<unknown>('PATCH', user(username), { role });
export const resetPassword = (username: string, password: string) => apiJson<unknown>('PATCH', user(username), { password });
export const removeUser = (username: string) => apiJson<void>('DELETE', user(username));
export const signOutUser = (username: string) => apiJson<{ ended: number }>('POST', `${user(username)}/signout`);

export const listKeys = () => apiJson<ApiKey[]>('GET', '/admin/keys');
/** The answer is the only time the secret is ever seen: it is stored as a hash. */
export const createKey = (kind: KeyKind, name: string) => apiJson<ApiKey & { secret: string }>('POST', '/admin/keys', { kind, name });
export const revokeKey = (id: string) => apiJson<ApiKey>('DELETE', `/admin/keys/${encodeURIComponent(id)}`);

/** `query` from lib/audit-query.ts. */
export const queryAudit = (query: string, signal?: AbortSignal) => apiJson<AuditRecord[]>('GET', `/admin/audit${query}`, undefined, { signal });
