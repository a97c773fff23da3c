import type { RedisClient } from './client';
import { LuaScript } from './lua-script';

/** Counts one hit; the window starts with the first. KEYS: counter. ARGV: windowMs. Returns the count. */
const hitScript = new LuaScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`);

/**
 * At most `limit` hits per key in a fixed window, counted in Redis: every instance behind a load
 * balancer adds to the same count, so N instances do not allow N times the guesses.
 */
export class WindowCounter {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyOf: (id: string) => string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a hit; returns the count in the current window. */
  async hit(id: string): Promise<number> {
    return Number(await hitScript.run(this.redis, [this.keyOf(id)], [String(this.windowMs)]));
  }

  /** True when `id` has used up its window; counts nothing. */
  async isBlocked(id: string): Promise<boolean> {
    return Number((await this.redis.get(this.keyOf(id))) ?? 0) >= this.limit;
  }
}
