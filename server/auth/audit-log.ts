import type { AuditRecord } from '../../shared/admin';
import type { Logger } from '../log';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';

export type { AuditRecord };

export interface AuditQuery {
  actor?: string;
  subject?: string;
  type?: string;
  since?: number;
  until?: number;
  limit?: number;
}

const DAY = 86_400_000;
/** Entries read from Redis per round trip while a query pages back through time. */
const PAGE = 5_000;
/** The most a query reads before it answers with what it found: a bound on one admin request. */
const SCAN_MAX = 2_000_000;

/**
 * The append-only audit trail, a Redis stream. Entry ids are Redis's own time-based ids, so
 * retention is a trim by time (XTRIM MINID) and a query by time is a range read.
 */
export class AuditLog {
  private lastTrim = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    /** Kept this long, and never more than `maxEntries` records (the older go first). */
    private readonly limits: { retentionDays: number; maxEntries: number },
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes a record. A failure to audit is logged loudly but never hides the user's outcome. */
  async record(entry: Omit<AuditRecord, 'at'>): Promise<void> {
    const at = this.now();
    try {
      const fields: Record<string, string> = {
        at: String(at),
        component: entry.component,
        type: entry.type,
        actor: entry.actor,
        outcome: entry.outcome,
        subject: entry.subject,
      };
      if (entry.detail) fields.detail = entry.detail.slice(0, 500);
      // The size cap on every write (approximate, so Redis trims whole nodes cheaply); the time
      // limit once an hour.
      await this.redis.xAdd(this.keys.audit, '*', fields, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.limits.maxEntries } });
      if (at - this.lastTrim > 3_600_000) {
        this.lastTrim = at;
        await this.redis.xTrim(this.keys.audit, 'MINID', String(at - this.limits.retentionDays * DAY), { strategyModifier: '~' });
      }
    } catch (err) {
      this.log.error(`AUDIT WRITE FAILED (${entry.type} by ${entry.actor} on ${entry.subject}: ${entry.outcome})`, err);
    }
  }

  /**
   * Newest first, filtered, at most `limit` (200 by default, 1,000 at most). Pages back through
   * the time range until it has enough, so a rare user or call is found however old it is
   * (within retention); one query reads at most SCAN_MAX entries.
   */
  async query(q: AuditQuery): Promise<AuditRecord[]> {
    const start = q.since !== undefined ? String(q.since) : '-';
    const limit = Math.min(q.limit ?? 200, 1000);
    const out: AuditRecord[] = [];
    let end = q.until !== undefined ? String(q.until) : '+';
    for (let scanned = 0; out.length < limit && scanned < SCAN_MAX;) {
      const entries = (await this.redis.xRevRange(this.keys.audit, end, start, { COUNT: PAGE })) ?? [];
      scanned += entries.length;
      for (const e of entries) {
        const rec = toRecord(e.message);
        if (q.actor && rec.actor !== q.actor) continue;
        if (q.subject && rec.subject !== q.subject) continue;
        if (q.type && !rec.type.startsWith(q.type)) continue;
        out.push(rec);
        if (out.length >= limit) break;
      }
      if (entries.length < PAGE) break;
      // Exclusive: the next page starts just before the oldest entry read.
      end = `(${entries[entries.length - 1]!.id}`;
    }
    return out;
  }
}

function toRecord(m: Record<string, string>): AuditRecord {
  return {
    at: Number(m.at),
    component: m.component ?? '',
    type: m.type ?? '',
    actor: m.actor ?? '',
    outcome: (m.outcome as AuditRecord['outcome']) ?? 'success',
    subject: m.subject ?? '',
    ...(m.detail ? { detail: m.detail } : {}),
  };
}
