import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { createLogger } from '../../server/log';
import { connectRedis, type RedisClient } from '../../server/redis/client';

export interface TestServer {
  url: string;
  port: number;
  app: App;
  config: Config;
  redis: RedisClient;
  close(): Promise<void>;
}

/** The real server (REST, Socket.IO, live feed) on port 0 against the given Redis, simulator off. */
export async function startTestServer(
  redisUrl: string,
  env: Record<string, string> = {},
  opts: { port?: number } = {},
): Promise<TestServer> {
  const config = loadConfig({ SIMULATE: '0', LOG_LEVEL: 'silent', POSITION_COALESCE_MS: '20', RECOMMEND_INTERVAL_MS: '100', REDIS_URL: redisUrl, ...env });
  const log = createLogger(config.logLevel);
  const redis = await connectRedis(redisUrl, 'test', () => undefined);
  const tailRedis = await connectRedis(redisUrl, 'test-tail', () => undefined);
  const app = await createApp({ config, redis, tailRedis, log, clientDir: 'dist/client' });
  await new Promise<void>((r) => app.httpServer.listen(opts.port ?? 0, '127.0.0.1', () => r()));
  const port = (app.httpServer.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    config,
    redis,
    async close() {
      await app.close();
      await redis.quit().catch(() => undefined);

    },
  };
}

/** JSON over fetch, returning status and parsed body. */
export async function api<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}
