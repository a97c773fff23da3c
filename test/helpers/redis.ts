import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../server/redis/embedded';

export interface TestRedis extends EmbeddedRedis {
  dir: string;
}

/**
 * A redis-server of the test's own, on a free port, in a temporary folder. Tests never touch
 * the machine's Redis on 6379, and stop only what they started (by PID, via stop()).
 */
export async function startTestRedis(opts: { appendOnly?: boolean; port?: number; dir?: string } = {}): Promise<TestRedis> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tandem-test-redis-'));
  const redis = await startEmbeddedRedis({ dataDir: dir, appendOnly: opts.appendOnly ?? false, port: opts.port });
  return {
    ...redis,
    dir,
    async stop() {
      await redis.stop();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
