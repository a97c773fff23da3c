import { createHash } from 'node:crypto';
import type { RedisClient } from './client';

/**
 * A Lua script run by its SHA1, loaded on first use and again whenever Redis answers NOSCRIPT
 * (after a restart or SCRIPT FLUSH), so callers never think about the script cache.
 */
export class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await redis.evalSha(this.sha, { keys, arguments: args });
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.source, { keys, arguments: args });
    }
  }
}
