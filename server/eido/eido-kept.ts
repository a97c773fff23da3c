import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';

/** The most of an imported document's unmodelled parts kept per call. */
export const KEPT_MAX_BYTES = 64 * 1024;

/**
 * The parts of an imported EIDO document Tandem does not model (persons, vehicles, media, other
 * agencies' extensions), kept beside the call (a field of its hash, so retention removes them
 * with it) and sent back as they came on export.
 */
export class EidoKept {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async get(callId: string): Promise<Record<string, unknown> | null> {
    const json = await this.redis.hGet(this.keys.call(callId), 'eido');
    return json ? (JSON.parse(json) as Record<string, unknown>) : null;
  }

  async set(callId: string, kept: Record<string, unknown>): Promise<void> {
    await this.redis.hSet(this.keys.call(callId), 'eido', JSON.stringify(kept));
  }
}
