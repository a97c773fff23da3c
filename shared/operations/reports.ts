import { DiversionReport, ReportQuery } from '../reports';
import { ReplayQuery, type ReplayRecording } from '../replay';
import { answers, READERS } from './contract';

/** Looking back: program figures from history, and a shift replayed. */
export const REPORT_OPERATIONS = {
  'report:diversion': answers<DiversionReport>()({
    input: ReportQuery,
    // Counts, no caller data: admins may read them too (the wall sees none of it).
    roles: ['supervisor', 'coordinator', 'admin'],
    ingest: false,
    socket: false,
    rest: {
      method: 'get',
      path: '/reports/diversion',
      query: { schema: ReportQuery, what: 'report' },
      input: ({ query }) => query as ReportQuery,
      summary:
        'Diversion figures of the calls created in [from, to), by day, shift or week (definitions in the README). format=csv (or Accept: text/csv) answers one table as CSV: periods, unmet-by-hour, time-to-assign, teams. Audited.',
      answer: DiversionReport,
    },
    subject: () => 'reports',
  }),
  'replay:read': answers<ReplayRecording>()({
    input: ReplayQuery,
    roles: READERS,
    ingest: false,
    socket: false,
    rest: {
      method: 'get',
      path: '/replay',
      query: { schema: ReplayQuery, what: 'replay' },
      input: ({ query }) => query as ReplayQuery,
      summary:
        'What happened from `from` for `hours` (at most 12): the keyframe before it, every call and unit change after, unit positions sampled every 30 s. Read-only. Audited.',
      answer:
        'A recording: {from, to, frame: {at, seq, calls, units, positions}, changes: [{seq, at, calls, units}], positions: [{at, p: [[unitId, lat, lon]]}]}',
      errors: { '404': 'Nothing recorded that far back (the message says where the recording begins)' },
    },
    subject: () => 'replay',
  }),
};
