import type { Destination } from '../../shared/destination';
import type { RedisClient } from './client';
import type { Keys } from './keys';

/**
 * Reads transport destinations. Writes go through Store.commit (an EntityWrite of kind
 * 'destination'), the one path that also appends the change to the stream every screen follows.
 */
export class DestinationStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async read(id: string): Promise<Destination | null> {
    const doc = await this.redis.hGet(this.keys.destination(id), 'doc');
    return doc ? (JSON.parse(doc) as Destination) : null;
  }

  /** Every destination, by name. There are tens of them: one read each, pipelined. */
  async list(): Promise<Destination[]> {
    const ids = await this.redis.sMembers(this.keys.destinations);
    const docs = await Promise.all(ids.map((id) => this.redis.hGet(this.keys.destination(id), 'doc')));
    return docs.flatMap((doc) => (doc ? [JSON.parse(doc) as Destination] : [])).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }
}
