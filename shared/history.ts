import { z } from 'zod';
import { CallStatus, Disposition, Priority } from './call';
import { EpochMs, QueryTime } from './geo';
import { EntityId } from './ids';

/** How many finished calls one page of a history search holds at most. */
export const HISTORY_PAGE_MAX = 200;

/**
 * GET /api/v1/calls: finished calls, newest first. Every given filter must hold: `q`'s words are
 * whole words of the call's number (2026-000123, 000123 or 123), address, nature or units'
 * callsigns; `from`/`to` bound when the call finished.
 */
export const HistoryQuery = z
  .strictObject({
    /** closed, cancelled, or finished (both; the default). Open calls are on the live board (GET /state). */
    status: z.enum(['closed', 'cancelled', 'finished']).default('finished'),
    q: z.string().trim().max(200).optional(),
    from: QueryTime.optional(),
    to: QueryTime.optional(),
    /** 'yes': only calls flagged mental-health; 'no': only calls not flagged. */
    mh: z.enum(['yes', 'no']).optional(),
    /** A unit that was on the call, by id. */
    unit: EntityId.optional(),
    /** A nature code, e.g. WELFARE. */
    nature: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a nature code such as EDP or 10-96')
      .optional(),
    /** The `nextCursor` of the page before. */
    cursor: z
      .string()
      .regex(/^\d{1,16}:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be the nextCursor of a page before')
      .optional(),
    limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(50),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: '`from` must not be after `to`', path: ['from'] });
export type HistoryQuery = z.output<typeof HistoryQuery>;

/** One finished call as a history list shows it; the whole call is GET /api/v1/calls/{id}. */
export const HistoryRow = z.strictObject({
  id: EntityId,
  number: z.string(),
  status: CallStatus,
  priority: Priority,
  nature: z.string(),
  address: z.string().nullable(),
  createdAt: EpochMs,
  finishedAt: EpochMs,
  disposition: Disposition.nullable(),
  mhFlagged: z.boolean(),
  /** Callsigns of the units that were on the call, first assigned first. */
  units: z.array(z.string()),
  version: z.int().min(1),
});
export type HistoryRow = z.infer<typeof HistoryRow>;

export const HistoryPage = z.strictObject({
  calls: z.array(HistoryRow),
  /** How many finished calls match (all pages). */
  total: z.int().min(0),
  /** Pass as `cursor` for the next, older page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;
