import { randomBytes } from 'node:crypto';
import { TEST_PASSWORD } from './credentials';
import type { AddressInfo } from 'node:net';
import type { Role } from '../../shared/roles';
import { createApp, type App, type AppDeps } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { createLogger } from '../../server/log';
import { connectRedis, type RedisClient, type RedisTarget } from '../../server/redis/client';

export interface TestServer {
  url: string;
  /** Session cookie of the supervisor every test acts as unless it says otherwise. */
  cookie: string;
  /** An ingest key, as a CAD integration sends it. */
  ingestKey: string;
  /** Creates a user with `role` and signs in; returns the session cookie. */
  signIn(role: Role, username?: string): Promise<string>;
  port: number;
  app: App;
  config: Config;
  redis: RedisClient;
  close(): Promise<void>;
}

/** The real server (REST, Socket.IO, live feed) on port 0 against the given Redis, simulator off. */
export async function startTestServer(
  redisAt: RedisTarget,
  env: Record<string, string> = {},
  opts: { port?: number; sessionCheckMs?: number; profileGrants?: AppDeps['profileGrants'] } = {},
): Promise<TestServer> {
  const ingestKey = `test-ingest-key-${randomBytes(12).toString('hex')}`;
  const config = loadConfig({
    SIMULATE: '0',
    LOG_LEVEL: 'silent',
    POSITION_COALESCE_MS: '20',
    RECOMMEND_INTERVAL_MS: '100',
    // Tests drive many changes through one session (the default supervisor): the per-session
    // limit is tested on its own, at its default, in rate-limits.test.ts.
    SESSION_CHANGE_BURST: '100000',
    TANDEM_ADMIN_PASSWORD: TEST_PASSWORD,
    INGEST_API_KEYS: ingestKey,
    ...(typeof redisAt === 'string'
      ? { REDIS_URL: redisAt }
      : {
          REDIS_SENTINELS: redisAt.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
          REDIS_SENTINEL_NAME: redisAt.name,
          ...(redisAt.password ? { REDIS_PASSWORD: redisAt.password } : {}),
          ...(redisAt.sentinelPassword ? { REDIS_SENTINEL_PASSWORD: redisAt.sentinelPassword } : {}),
        }),
    ...env,
  });
  const log = createLogger(config.logLevel);
  const redis = await connectRedis(redisAt, 'test', () => undefined);
  const tailRedis = await connectRedis(redisAt, 'test-tail', () => undefined);
  const app = await createApp({
    config,
    redis,
    tailRedis,
    log,
    clientDir: 'dist/client',
    sessionCheckMs: opts.sessionCheckMs,
    profileGrants: opts.profileGrants,
  });
  await new Promise<void>((r) => app.httpServer.listen(opts.port ?? 0, '127.0.0.1', () => r()));
  const port = (app.httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let n = 0;
  const signIn = async (role: Role, username = `${role}-${process.pid}-${++n}`): Promise<string> => {
    if (!(await app.auth.auth.users.get(username))) await app.auth.ops.addUser('test-setup', username, role, TEST_PASSWORD);
    return signInAs(url, username, TEST_PASSWORD);
  };
  const cookie = await signIn('supervisor', 'supervisor');
  credentials.set(url, { cookie, bearer: ingestKey });
  return {
    url,
    cookie,
    ingestKey,
    signIn,
    port,
    app,
    config,
    redis,
    /** Stops the server, dropping open connections too (a browser's kept-alive ones would hold a graceful close). */
    async close() {
      credentials.delete(url);
      const closed = app.close();
      app.httpServer.closeAllConnections();
      await closed;
      await redis.quit().catch(() => undefined);
    },
  };
}

export { TEST_PASSWORD };

/** Default credentials per server URL: tests act as an ingest integration (REST) and a supervisor (sockets). */
const credentials = new Map<string, { cookie: string; bearer: string }>();

export function defaultCookie(url: string): string | undefined {
  return credentials.get(url)?.cookie;
}

/** Signs in through the API and returns the session cookie ("tandem_session=..."). */
export async function signInAs(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 201) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** JSON over fetch, returning status and parsed body; sends the server's ingest key unless `headers` carry other credentials. */
export async function api<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const own = Object.keys(headers).some((h) => ['cookie', 'authorization'].includes(h.toLowerCase()));
  const bearer = credentials.get(base)?.bearer;
  // With a session cookie, act as the board in a browser does: it sends its Origin.
  const browser: Record<string, string> = Object.keys(headers).some((h) => h.toLowerCase() === 'cookie') ? { origin: base } : {};
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(!own && bearer ? { authorization: `Bearer ${bearer}` } : {}), ...browser, ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}
