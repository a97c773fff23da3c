import type { Config } from '../config';
import type { Logger } from '../log';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { AdminOps } from './admin-ops';
import { ApiKeyStore } from './api-keys';
import { AuditLog } from './audit-log';
import { AuthService } from './auth-service';
import { SessionStore } from './session-store';
import { UserStore } from './user-store';

export interface AuthStack {
  auth: AuthService;
  audit: AuditLog;
  /** Admin operations as the admin API runs them; `onRevoked` is set once sockets exist. */
  ops: AdminOps;
  setOnRevoked(fn: (sessionRefs: string[]) => void): void;
  /** Tells the live connections of these sessions that they ended (sign-out, revocation). */
  revoked(sessionRefs: string[]): void;
}

/** Builds users, sessions, keys, audit and the services over them, for the server and the CLI. */
export function createAuth(
  redis: RedisClient,
  keys: Keys,
  config: Config['auth'],
  log: Logger,
  component: 'admin' | 'cli',
  now: () => number = Date.now,
): AuthStack {
  const audit = new AuditLog(redis, keys, { retentionDays: config.auditRetentionDays, maxEntries: config.auditMaxEntries }, log, now);
  const auth = new AuthService(new UserStore(redis, keys), new SessionStore(redis, keys), new ApiKeyStore(redis, keys, config.ingestKeys, now), audit, {
    idleMinutes: config.idleMinutes,
    now,
  });
  let onRevoked: (ids: string[]) => void = () => undefined;
  const ops = new AdminOps(auth, component, now, (ids) => onRevoked(ids));
  return { auth, audit, ops, setOnRevoked: (fn) => (onRevoked = fn), revoked: (ids) => onRevoked(ids) };
}
