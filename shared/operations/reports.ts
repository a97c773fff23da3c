import { DiversionReport, ReportQuery } from '../reports';
import { answers } from './contract';

/** Program figures from history: what a co-response program quotes. */
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
};
