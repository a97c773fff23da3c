import type { ApiKeyKind, ApiKeyRecord } from '../../shared/admin';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';

export type { ApiKeyKind, ApiKeyRecord };

const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** How long a verified key is trusted without asking Redis again (see ApiKeyStore.verified). */
const VERIFIED_TTL_MS = 2_000;

/**
 * Wall display keys and integration (ingest) keys. Only the SHA-256 of a key is stored: the key
 * itself is shown once, when it is made. Keys are long random strings, so a fast hash is enough
 * (unlike passwords, they cannot be guessed from a dictionary).
 */
export class ApiKeyStore {
  /** SHA-256 of each INGEST_API_KEYS key, computed once. */
  private readonly envHashes: Buffer[];
  /**
   * Keys verified in the last moment, by hash: a CAD posting positions many times a second
   * would otherwise cost a Redis read per request. Short-lived, so a key revoked on another
   * instance stops working there within VERIFIED_TTL_MS; on this instance at once.
   */
  private readonly verified = new Map<string, { record: ApiKeyRecord; until: number }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    /** Keys from the INGEST_API_KEYS environment variable: checked in memory, never stored. */
    envIngestKeys: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.envHashes = envIngestKeys.map((k) => Buffer.from(sha256(k), 'hex'));
  }

  /** Makes a key; returns the record and the secret, which is not kept. */
  async create(kind: ApiKeyKind, name: string, createdBy: string, now: number): Promise<{ record: ApiKeyRecord; secret: string }> {
    const secret = `tdm_${kind === 'display' ? 'd' : 'i'}_${randomBytes(24).toString('base64url')}`;
    const record: ApiKeyRecord = { id: randomUUID(), kind, name, createdAt: now, createdBy };
    const hash = sha256(secret);
    await this.redis
      .multi()
      .hSet(this.keys.apiKeyByHash(hash), { id: record.id, kind, name, createdAt: String(now), createdBy })
      .hSet(this.keys.apiKeys, record.id, hash)
      .exec();
    return { record, secret };
  }

  /** The key a secret belongs to, or null. */
  async verify(secret: string): Promise<ApiKeyRecord | null> {
    if (secret.length < 16 || secret.length > 200) return null;
    const hash = sha256(secret);
    const digest = Buffer.from(hash, 'hex');
    for (const [i, envHash] of this.envHashes.entries()) {
      if (timingSafeEqual(envHash, digest)) return { id: `env-${i + 1}`, kind: 'ingest', name: `env-${i + 1}`, createdAt: 0, createdBy: 'environment' };
    }
    const now = this.now();
    const hit = this.verified.get(hash);
    if (hit && hit.until > now) return hit.record;
    const h = await this.redis.hGetAll(this.keys.apiKeyByHash(hash));
    if (!h.id) return null;
    const record: ApiKeyRecord = { id: h.id, kind: h.kind as ApiKeyKind, name: h.name ?? '', createdAt: Number(h.createdAt), createdBy: h.createdBy ?? '' };
    if (this.verified.size > 1000) this.verified.clear(); // a bound; real deployments have a handful of keys
    this.verified.set(hash, { record, until: now + VERIFIED_TTL_MS });
    return record;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const all = await this.redis.hGetAll(this.keys.apiKeys);
    const out: ApiKeyRecord[] = [];
    for (const hash of Object.values(all)) {
      const h = await this.redis.hGetAll(this.keys.apiKeyByHash(hash));
      if (h.id) out.push({ id: h.id, kind: h.kind as ApiKeyKind, name: h.name ?? '', createdAt: Number(h.createdAt), createdBy: h.createdBy ?? '' });
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Revokes a key by id; returns its record, or null if there was none. */
  async revoke(id: string): Promise<ApiKeyRecord | null> {
    const hash = await this.redis.hGet(this.keys.apiKeys, id);
    if (!hash) return null;
    const h = await this.redis.hGetAll(this.keys.apiKeyByHash(hash));
    await this.redis.multi().del(this.keys.apiKeyByHash(hash)).hDel(this.keys.apiKeys, id).exec();
    this.verified.delete(hash);
    return h.id ? { id: h.id, kind: h.kind as ApiKeyKind, name: h.name ?? '', createdAt: Number(h.createdAt), createdBy: h.createdBy ?? '' } : null;
  }
}
