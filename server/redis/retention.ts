import type { Logger } from '../log';
import type { RedisClient } from './client';
import type { Keys } from './keys';
import { LuaScript } from './lua-script';

const DAY = 86_400_000;
/** Calls removed per round trip: one script call stays short however much is due. */
const BATCH = 200;

/**
 * Removes finished calls that finished before the cutoff, and what hangs off them (their
 * external-id claim, profile link and grant), each only if it is still finished and still old
 * (a call reopened a moment ago is left alone), and its history-search index entries (listed in
 * its `tok` field). KEYS: finishedCalls. ARGV: cutoff, callPrefix, extPrefix, linkPrefix,
 * grantPrefix, historyPrefix, then the call ids. Returns how many it removed.
 */
const removeScript = new LuaScript(`
local removed = 0
for i = 7, #ARGV do
  local id = ARGV[i]
  local score = redis.call('ZSCORE', KEYS[1], id)
  if score and tonumber(score) <= tonumber(ARGV[1]) then
    local fields = redis.call('HMGET', ARGV[2] .. id, 'doc', 'tok')
    local doc, tok = fields[1], fields[2]
    if doc then
      local ok, call = pcall(cjson.decode, doc)
      if ok and type(call.externalId) == 'string' then redis.call('DEL', ARGV[3] .. call.externalId) end
    end
    if tok then
      for token in string.gmatch(tok, '%S+') do redis.call('ZREM', ARGV[6] .. token, id) end
    end
    redis.call('DEL', ARGV[2] .. id, ARGV[4] .. id, ARGV[5] .. id)
    redis.call('ZREM', KEYS[1], id)
    removed = removed + 1
  end
end
return removed
`);

export interface RetentionOptions {
  callRetentionDays: number;
  /** Shift replay's recording (default: as long as calls). */
  replayRetentionDays?: number;
  now?: () => number;
}

/**
 * Keeps Redis within its memory budget over years: finished calls (kept for search and reports)
 * and the day-counter indexes are removed once older than CALL_RETENTION_DAYS. The audit trail
 * trims itself (by time and size, see AuditLog) and the change stream by length at each commit.
 * Runs on one instance at a time (the caller holds a lease), every hour.
 */
export class Retention {
  private readonly now: () => number;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly opts: RetentionOptions,
    private readonly log: Logger,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /**
   * Calls that finished before the finished-calls index existed are not in it: add them once
   * (scored by when they finished), so retention reaches them too. A marker key says it is done.
   */
  private async backfill(): Promise<void> {
    const marker = `${this.keys.finishedCalls}:backfilled`;
    if (await this.redis.exists(marker)) return;
    const open = new Set(await this.redis.sMembers(this.keys.openCalls));
    let added = 0;
    for await (const batch of this.redis.scanIterator({ MATCH: `${this.keys.call('')}*`, COUNT: 500 })) {
      for (const key of batch) {
        const id = key.slice(this.keys.call('').length);
        if (open.has(id)) continue;
        const doc = await this.redis.hGet(key, 'doc');
        const finishedAt = doc ? (JSON.parse(doc) as { statusSince?: number }).statusSince : undefined;
        if (typeof finishedAt !== 'number') continue;
        added += await this.redis.zAdd(this.keys.finishedCalls, { score: finishedAt, value: id }, { condition: 'NX' });
      }
    }
    await this.redis.set(marker, String(this.now()));
    if (added > 0) this.log.info(`retention: indexed ${added} calls that finished before the index existed`);
  }

  /**
   * Shift replay's recording, as old as the calls: keyframes and samples by time; changes from
   * the first keyframe kept (their ids count changes, not time), so every kept keyframe can play.
   */
  private async trimReplay(cutoff: number): Promise<void> {
    const minId = String(Math.floor(cutoff)); // stream ids are whole milliseconds
    await this.redis.xTrim(this.keys.replayFrames, 'MINID', minId);
    await this.redis.xTrim(this.keys.replayPositions, 'MINID', minId);
    // A packed block's id is its last entry's: a block goes once all it holds is old.
    await this.redis.xTrim(this.keys.replayPositionsPacked, 'MINID', minId);
    const [first] = (await this.redis.xRange(this.keys.replayFrames, '-', '+', { COUNT: 1 })) ?? [];
    if (first) {
      const firstChange = `${Number(first.message.seq) + 1}-0`;
      await this.redis.xTrim(this.keys.replayChanges, 'MINID', firstChange);
      await this.redis.xTrim(this.keys.replayChangesPacked, 'MINID', firstChange);
    }
  }

  /** One sweep; returns how many calls it removed. */
  async sweep(): Promise<number> {
    await this.backfill();
    const cutoff = this.now() - this.opts.callRetentionDays * DAY;
    let removed = 0;
    for (;;) {
      const ids = await this.redis.zRangeByScore(this.keys.finishedCalls, '-inf', cutoff, { LIMIT: { offset: 0, count: BATCH } });
      if (ids.length === 0) break;
      const prefixes = [this.keys.call(''), this.keys.callByExternalId(''), this.keys.profileLink(''), this.keys.grant(''), this.keys.historyToken('')];
      const n = Number(await removeScript.run(this.redis, [this.keys.finishedCalls], [String(cutoff), ...prefixes, ...ids]));
      removed += n;
      if (n === 0 || ids.length < BATCH) break;
    }
    await this.trimReplay(this.now() - (this.opts.replayRetentionDays ?? this.opts.callRetentionDays) * DAY);
    await this.redis.zRemRangeByScore(this.keys.unmetCalls, '-inf', cutoff);
    await this.redis.zRemRangeByScore(this.keys.assignedCalls, '-inf', cutoff);
    if (removed > 0) this.log.info(`retention: removed ${removed} calls finished more than ${this.opts.callRetentionDays} days ago`);
    return removed;
  }
}
