import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zlib, gunzipSync } from 'node:zlib';
import { RESP_TYPES } from 'redis';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { plainBlocks, positionBlocks, type BlockCodec, type RecordedEntry } from './block-codecs';

export type { RecordedEntry };

/** Entries read per round trip from the recent stream. */
const PAGE = 5_000;
/** Blocks read per round trip (an hour each). */
const BLOCK_PAGE = 8;
/** The most entries one block holds: a backlog after downtime packs as several blocks. */
const MAX_BLOCK_ENTRIES = 50_000;

/** Off the event loop (the thread pool): an hour of a big city's samples takes a while to compress. */
const brotliAsync = promisify(brotliCompress);
const brotliDecompressAsync = promisify(brotliDecompress);
const HOUR_MS = 3_600_000;
/** Brotli for JSON of `size` bytes: text mode, quality 9 (11 takes seconds for an hour of a big city). */
const brotliFor = (size: number) => ({
  params: { [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: size },
});

/** A client on the same connection that answers bulk strings as bytes (packed blocks, keyframes). */
export const bytesClient = (redis: RedisClient) => redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });

/** Stream ids in order: "<ms>-<n>". */
function idAfter(a: string, b: string): boolean {
  const [am, an] = a.split('-').map(Number) as [number, number];
  const [bm, bn] = b.split('-').map(Number) as [number, number];
  return am !== bm ? am > bm : an > bn;
}

/**
 * A recording kept as two streams: the recent entries one per XADD (cheap to write, each writer
 * on its own), and older ones packed by the hour into compressed blocks. An hour of entries
 * compresses together far better than each entry alone (the same ids and field names repeat
 * all hour), and the blocks are stored as bytes, not base64: this is what keeps a year of
 * replay within Redis's memory (npm run bench:replay). Readers see one ordered sequence.
 *
 * A block's id is the id of the last entry it holds, so a reader after an id finds the blocks
 * that matter with one XRANGE; the block and the trim of what it packed are one MULTI.
 */
export class RecordedStream {
  private readonly binary: ReturnType<typeof bytesClient>;

  constructor(
    private readonly redis: RedisClient,
    /** The recent entries: fields `at` and the body (see `decode`). */
    readonly recentKey: string,
    /** The packed blocks: field `b` (brotli JSON of the entries, see BlockCodec). */
    readonly packedKey: string,
    /** The body of a recent entry from its fields. */
    private readonly decode: (fields: Record<string, string>) => unknown,
    /** How a block holds its entries. */
    private readonly codec: BlockCodec = plainBlocks,
  ) {
    this.binary = bytesClient(redis);
  }

  /**
   * Every entry after `afterId` (exclusive) in order, until `past(entry)` says one is past the
   * end (it and the rest are left out).
   */
  async read(afterId: string, past: (e: RecordedEntry) => boolean): Promise<RecordedEntry[]> {
    const out: RecordedEntry[] = [];
    let cursor = afterId;
    let ended = false;
    const take = (e: RecordedEntry) => {
      if (ended || !idAfter(e.id, cursor)) return;
      if (past(e)) ended = true;
      else {
        out.push(e);
        cursor = e.id;
      }
    };
    // Blocks, then recent entries, then blocks again: a block packed between the first two reads
    // holds what the trim took from the recent stream before it was read (ids keep it in order).
    await this.readBlocks(cursor, take, () => ended);
    const recent = await this.readRecent(cursor, () => ended);
    await this.readBlocks(cursor, take, () => ended);
    for (const e of recent) take(e);
    return out;
  }

  /** The entries of the blocks holding anything after `after`, unpacked, a page of blocks at a time until `ended`. */
  private async readBlocks(after: string, take: (e: RecordedEntry) => void, ended: () => boolean): Promise<void> {
    for (let from = `(${after}`; !ended();) {
      const blocks = await this.binary.xRange(this.packedKey, from, '+', { COUNT: BLOCK_PAGE });
      for (const block of blocks ?? []) {
        const fields = block.message as unknown as Record<string, Buffer>;
        // In the thread pool, a block at a time: an hour of a big city's samples is megabytes.
        const json = (await brotliDecompressAsync(fields.b!)).toString('utf8');
        for (const e of this.codec.decode(JSON.parse(json))) take(e);
      }
      if (!blocks || blocks.length < BLOCK_PAGE) break;
      from = `(${String(blocks.at(-1)!.id)}`;
    }
  }

  private async readRecent(after: string, ended: () => boolean): Promise<RecordedEntry[]> {
    const out: RecordedEntry[] = [];
    for (let from = `(${after}`; !ended();) {
      const page = (await this.redis.xRange(this.recentKey, from, '+', { COUNT: PAGE })) ?? [];
      for (const e of page) out.push(this.recentEntry(e.id, e.message as Record<string, string>));
      if (page.length < PAGE) break;
      from = `(${page.at(-1)!.id}`;
    }
    return out;
  }

  private recentEntry(id: string, fields: Record<string, string>): RecordedEntry {
    return { id, at: Number(fields.at), body: this.decode(fields) };
  }

  /**
   * Packs the recent entries recorded before `before` (ms) into blocks of one clock hour each at
   * most (a backlog after downtime becomes many blocks, never one huge one) and trims them from
   * the recent stream. Returns how many entries were packed.
   */
  async pack(before: number): Promise<number> {
    let packed = 0;
    for (;;) {
      // Most runs find nothing to pack: one entry read says so.
      const [oldest] = (await this.redis.xRange(this.recentKey, '-', '+', { COUNT: 1 })) ?? [];
      if (!oldest || Number(oldest.message.at) >= before) return packed;
      const hourEnd = Math.min(before, (Math.floor(Number(oldest.message.at) / HOUR_MS) + 1) * HOUR_MS);
      const n = await this.packBlock(hourEnd);
      if (n === 0) return packed;
      packed += n;
    }
  }

  /** One block of the oldest recent entries recorded before `before`; how many it holds. */
  private async packBlock(before: number): Promise<number> {
    const entries: RecordedEntry[] = [];
    for (let from = '-'; entries.length < MAX_BLOCK_ENTRIES;) {
      const page = (await this.redis.xRange(this.recentKey, from, '+', { COUNT: Math.min(PAGE, MAX_BLOCK_ENTRIES - entries.length) })) ?? [];
      // A prefix only: the trim below removes everything up to the last entry packed.
      const newer = page.findIndex((e) => Number(e.message.at) >= before);
      const older = newer === -1 ? page : page.slice(0, newer);
      entries.push(...older.map((e) => this.recentEntry(e.id, e.message as Record<string, string>)));
      if (newer !== -1 || page.length === 0) break;
      from = `(${page.at(-1)!.id}`;
    }
    if (entries.length === 0) return 0;
    const json = JSON.stringify(this.codec.encode(entries));
    const b = await brotliAsync(Buffer.from(json), brotliFor(json.length));
    const last = entries.at(-1)!.id;
    const [lastMs, lastN] = last.split('-').map(Number) as [number, number];
    await this.redis
      .multi()
      .xAdd(this.packedKey, last, { b })
      .xTrim(this.recentKey, 'MINID', `${lastMs}-${lastN + 1}`)
      .exec();
    return entries.length;
  }
}

/** A recorded change's body: its JSON. */
const changeBody = (fields: Record<string, string>): unknown => JSON.parse(fields.d!);

/** A position sample's body: its JSON (`p`), or gzip + base64 (`z`) as samples were once stored. */
const sampleBody = (fields: Record<string, string>): unknown => JSON.parse(fields.z ? gunzipSync(Buffer.from(fields.z, 'base64')).toString('utf8') : fields.p!);

/** Shift replay's two packed recordings: call and unit changes, and sampled positions. */
export function replayStreams(redis: RedisClient, keys: Keys): { changes: RecordedStream; positions: RecordedStream } {
  return {
    changes: new RecordedStream(redis, keys.replayChanges, keys.replayChangesPacked, changeBody),
    positions: new RecordedStream(redis, keys.replayPositions, keys.replayPositionsPacked, sampleBody, positionBlocks),
  };
}
