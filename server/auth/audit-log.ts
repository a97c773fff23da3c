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

/**
 * The append-only audit trail, a Redis stream. Entry ids are Redis's own time-based ids, so
 * retention is a trim by time (XTRIM MINID) and a query by time is a range read.
 */
export class AuditLog {
  private lastTrim = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly retentionDays: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes a record. A failure to audit is logged loudly but never hides the user's outcome. */
  async record(entry: Omit<AuditRecord, 'at'>): Promise<void> {
    const at = this.now();
    try {
      const fields: Record<string, string> = { at: String(at), component: entry.component, type: entry.type, actor: entry.actor, outcome: entry.outcome, subject: entry.subject };
      if (entry.detail) fields.detail = entry.detail.slice(0, 500);
      await this.redis.xAdd(this.keys.audit, '*', fields);
      if (at - this.lastTrim > 3_600_000) {
        this.lastTrim = at;
        await this.redis.xTrim(this.keys.audit, 'MINID', String(at - this.retentionDays * DAY), { strategyModifier: '~' });
      }
    } catch (err) {
      this.log.error(`AUDIT WRITE FAILED (${entry.type} by ${entry.actor} on ${entry.subject}: ${entry.outcome})`, err);
    }
  }

  /** Newest first, filtered; reads back at most 10,000 entries of the time range. */
  async query(q: AuditQuery): Promise<AuditRecord[]> {
    const end = q.until !== undefined ? String(q.until) : '+';
    const start = q.since !== undefined ? String(q.since) : '-';
    const limit = Math.min(q.limit ?? 200, 1000);
    const entries = (await this.redis.xRevRange(this.keys.audit, end, start, { COUNT: 10_000 })) ?? [];
    const out: AuditRecord[] = [];
    for (const e of entries) {
      const m = e.message;
      const rec: AuditRecord = {
        at: Number(m.at),
        component: m.component ?? '',
        type: m.type ?? '',
        actor: m.actor ?? '',
        outcome: (m.outcome as AuditRecord['outcome']) ?? 'success',
        subject: m.subject ?? '',
        ...(m.detail ? { detail: m.detail } : {}),
      };
      if (q.actor && rec.actor !== q.actor) continue;
      if (q.subject && rec.subject !== q.subject) continue;
      if (q.type && !rec.type.startsWith(q.type)) continue;
      out.push(rec);
      if (out.length >= limit) break;
    }
    return out;
  }
}
