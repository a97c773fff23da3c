import { randomUUID } from 'node:crypto';
import type { Call } from '../../shared/call';
import type { HistoryPage, HistoryQuery, HistoryRow } from '../../shared/history';
import type { Logger } from '../log';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { LuaScript } from '../redis/lua-script';
import { reportFactsOf } from '../reports/report-facts';
import { historyTokensOf, queryTokensOf } from './history-tokens';

/**
 * One page of a search, newest first, in one step on Redis. KEYS: scratch, finishedCalls, then the
 * token sets every match must be in. ARGV: min, max (the time range), cursor score and id ('' for
 * the first page), limit. The intersection is scored by finishedCalls (weight 1, the tokens 0), so
 * a call reopened since it was indexed drops out (a bounded time range is cut from finishedCalls
 * first, so the intersection walks only that range). Returns the total in range, then id, score
 * pairs: up to limit + 1, the extra one saying there is a next page.
 */
const searchScript = new LuaScript(`
local src = KEYS[2]
if #KEYS > 2 then
  local finished = KEYS[2]
  -- A bounded time range first, when it is narrower than the whole: the intersection then walks
  -- the calls of that range, not every call that has a common word.
  if ARGV[1] ~= '-inf' or ARGV[2] ~= '+inf' then
    redis.call('ZRANGESTORE', KEYS[1], KEYS[2], ARGV[1], ARGV[2], 'BYSCORE')
    finished = KEYS[1]
  end
  local args = {'ZINTERSTORE', KEYS[1], #KEYS - 1, finished}
  for i = 3, #KEYS do args[#args + 1] = KEYS[i] end
  args[#args + 1] = 'WEIGHTS'
  args[#args + 1] = 1
  for i = 3, #KEYS do args[#args + 1] = 0 end
  redis.call(unpack(args))
  src = KEYS[1]
end
local total = redis.call('ZCOUNT', src, ARGV[1], ARGV[2])
local top, after, limit = ARGV[2], ARGV[4], tonumber(ARGV[5])
local ties = 0
if after ~= '' then
  top = ARGV[3]
  ties = redis.call('ZCOUNT', src, top, top)
end
local rows = redis.call('ZRANGE', src, top, ARGV[1], 'BYSCORE', 'REV', 'LIMIT', 0, limit + 1 + ties, 'WITHSCORES')
if #KEYS > 2 then redis.call('DEL', KEYS[1]) end
local out = {total}
for i = 1, #rows, 2 do
  local id, score = rows[i], rows[i + 1]
  if after == '' or tonumber(score) < tonumber(top) or id < after then
    if #out < 2 * (limit + 1) + 1 then
      out[#out + 1] = id
      out[#out + 1] = score
    end
  end
end
return out
`);

/** The calls read per round trip while the index is built for calls finished before it existed. */
const BACKFILL_BATCH = 500;

/**
 * Finished calls, searchable: the index is written by each commit that finishes a call (see
 * Store.commit and history-tokens.ts) and read here. Retention removes a call with its entries.
 */
export class CallHistory {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly log: Logger,
  ) {}

  async search(q: HistoryQuery): Promise<HistoryPage> {
    const wanted = queryTokensOf(q);
    const keys = [this.keys.historyScratch(randomUUID()), this.keys.finishedCalls, ...wanted.map((t) => this.keys.historyToken(t))];
    const [cursorScore, cursorId] = q.cursor ? q.cursor.split(/:(.*)/s) : ['', ''];
    const args = [
      q.from === undefined ? '-inf' : String(q.from),
      q.to === undefined ? '+inf' : String(q.to),
      cursorScore ?? '',
      cursorId ?? '',
      String(q.limit),
    ];
    const [total, ...pairs] = (await searchScript.run(this.redis, keys, args)) as [number, ...string[]];
    const hits: { id: string; score: string }[] = [];
    for (let i = 0; i < pairs.length; i += 2) hits.push({ id: pairs[i]!, score: pairs[i + 1]! });
    const more = hits.length > q.limit;
    const page = hits.slice(0, q.limit);
    // Sent together: node-redis pipelines commands issued in the same tick.
    const docs = await Promise.all(page.map((h) => this.redis.hGet(this.keys.call(h.id), 'doc')));
    const calls: HistoryRow[] = [];
    page.forEach((_hit, i) => {
      const doc = docs[i];
      if (!doc) return; // removed by retention between the two reads
      const call = JSON.parse(doc) as Call;
      // An entry left from before the call was reopened and changed (its flag cleared, say).
      const has = new Set(historyTokensOf(call));
      if (wanted.every((t) => has.has(t))) calls.push(historyRowOf(call));
    });
    const last = page.at(-1);
    return { calls, total: Number(total), nextCursor: more && last ? `${last.score}:${last.id}` : null };
  }

  /**
   * Indexes the finished calls that have no index entries or report facts yet (finished before
   * history search and reports existed), once per data set: a marker key says it is done. Returns how many it indexed.
   */
  async backfill(): Promise<number> {
    const marker = `${this.keys.historyToken('')}backfilled:2`; // :2 since report facts
    if (await this.redis.exists(marker)) return 0;
    let indexed = 0;
    for (let offset = 0; ; offset += BACKFILL_BATCH) {
      const ids = await this.redis.zRange(this.keys.finishedCalls, offset, offset + BACKFILL_BATCH - 1);
      if (ids.length === 0) break;
      const fields = await Promise.all(ids.map((id) => this.redis.hmGet(this.keys.call(id), ['doc', 'tok', 'facts'])));
      const multi = this.redis.multi();
      ids.forEach((id, i) => {
        const [doc, tok, facts] = fields[i]!;
        if (!doc || (tok && facts)) return;
        const call = JSON.parse(doc) as Call;
        const tokens = historyTokensOf(call);
        for (const t of tokens) multi.zAdd(this.keys.historyToken(t), { score: call.statusSince, value: id });
        multi.hSet(this.keys.call(id), { tok: tokens.join(' '), facts: JSON.stringify(reportFactsOf(call)) });
        indexed++;
      });
      await multi.exec();
    }
    await this.redis.set(marker, String(Date.now()));
    if (indexed > 0) this.log.info(`history: indexed ${indexed} calls that finished before history search existed`);
    return indexed;
  }
}

/** A finished call as a history list shows it. */
export function historyRowOf(call: Call): HistoryRow {
  return {
    id: call.id,
    number: call.number,
    status: call.status,
    priority: call.priority,
    nature: call.nature,
    address: call.location.address ?? null,
    createdAt: call.createdAt,
    finishedAt: call.statusSince,
    disposition: call.disposition,
    mhFlagged: call.mh.flagged,
    units: (call.servedBy ?? []).map((s) => s.callsign),
    version: call.version,
  };
}
