import { afterAll, beforeAll } from 'vitest';
import { startTestRedis, type TestRedis } from './redis';
import { startTestServer, type TestServer } from './server';

export interface TestCity {
  readonly redis: TestRedis;
  readonly server: TestServer;
}

/**
 * The usual set-up of an integration test file: a redis-server of its own and the real server
 * on it, started before the file's tests and stopped after them. Read `.server` and `.redis`
 * inside tests and hooks (they exist once beforeAll has run).
 */
export function useTestServer(...args: Parameters<typeof startTestServer> extends [unknown, ...infer Rest] ? Rest : never): TestCity {
  let redis: TestRedis | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    redis = await startTestRedis();
    server = await startTestServer(redis.url, ...args);
  });
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
  });
  return {
    get redis() {
      if (!redis) throw new Error('the test Redis is not started yet: use it inside a test or hook');
      return redis;
    },
    get server() {
      if (!server) throw new Error('the test server is not started yet: use it inside a test or hook');
      return server;
    },
  };
}
