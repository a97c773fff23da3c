import { Router, type Response } from 'express';
import type { ZodType } from 'zod';
import { EntityId } from '../../shared/ids';
import { OPERATIONS, type OperationName, type ResultOf } from '../../shared/operations';
import { localDateIn } from '../../shared/clock';
import { REPORT_TABLES } from '../../shared/reports';
import { reportCsv } from '../reports/report-csv';
import { parseIfMatch, parseInput } from '../edge/validate';
import type { Caller, OperationHandlers } from '../operations/handlers';
import { principalOf, requireRole, requireSignedIn } from './request-auth';

/**
 * How an answer goes out when it is more than "status and JSON": a 201-or-200 for creating
 * what may exist already, an ETag with the version, REST's older, smaller answers.
 */
type Responder<K extends OperationName> = (res: Response, result: ResultOf<K>) => void;
const RESPONDERS: { [K in OperationName]?: Responder<K> } = {
  'call:create': (res, { call, created }) =>
    void res
      .status(created ? 201 : 200)
      .location(`/api/v1/calls/${call.id}`)
      .set('ETag', `"${call.version}"`)
      .json(call),
  'call:get': (res, call) => void res.set('ETag', `"${call.version}"`).json(call),
  'eido:import': (res, { call, created }) =>
    void res
      .status(created ? 201 : 200)
      .location(`/api/v1/calls/${call.id}`)
      .json({ call, created }),
  'call:patch': (res, call) => void res.set('ETag', `"${call.version}"`).json(call),
  // A spreadsheet asks with ?format=csv or Accept: text/csv; one table per file, as named by ?table=.
  'report:diversion': (res, report) => {
    const q = res.req.query;
    const csv = q.format === 'csv' || (q.format === undefined && res.req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!csv) return void res.json(report);
    const table = REPORT_TABLES.find((t) => t === q.table) ?? 'periods';
    res
      .type('text/csv; charset=utf-8')
      .attachment(`tandem-diversion-${table}-${localDateIn(report.from, report.timeZone)}.csv`)
      .send(reportCsv(report, table));
  },
  'unit:put': (res, { unit, created }) =>
    void res
      .status(created ? 201 : 200)
      .set('ETag', `"${unit.version}"`)
      .json(unit),
  // An AVL feed's report: 204 when every unit was known, else 200 naming the units that do not
  // exist (their positions were skipped, the others written).
  'unit:positions': (res, { ignoredUnitIds }) =>
    void (ignoredUnitIds.length === 0
      ? res.status(204).end()
      : res.json({ ignored: ignoredUnitIds, message: 'no such units; create them with PUT /api/v1/units/{id} first' })),
  'unit:setStatus': (res, { unit }) => void res.json(unit), // REST has always answered with the unit alone
  'destination:put': (res, { destination, created }) =>
    void res
      .status(created ? 201 : 200)
      .set('ETag', `"${destination.version}"`)
      .json(destination),
  // Profile data must not linger in a browser or proxy cache after the grant ends.
  'profile:view': (res, view) => void res.set('Cache-Control', 'no-store').json(view),
  'profile:status': (res, status) => void res.set('Cache-Control', 'no-store').json(status),
};

/**
 * The REST API's routes for every operation declared with a REST binding: each checks the
 * caller's role, validates the path parameters and body against the declared schemas, runs the
 * operation's handler and answers. Nothing here knows what an operation does.
 */
export function operationRoutes(handlers: OperationHandlers): Router {
  const r = Router();
  for (const name of Object.keys(OPERATIONS) as OperationName[]) {
    const op = OPERATIONS[name];
    const rest = 'rest' in op ? op.rest : undefined;
    if (!rest) continue;
    const run = handlers[name] as (input: unknown, caller: Caller) => Promise<unknown>;
    const respond = RESPONDERS[name] as Responder<OperationName> | undefined;
    const roles = op.ingest ? (['ingest', ...op.roles] as const) : op.roles;
    const door = 'checkedBy' in op && op.checkedBy === 'handler' ? requireSignedIn : requireRole(...roles);
    r[rest.method](rest.path, door, async (req, res) => {
      const params: Record<string, string> = {};
      for (const [param, spec] of Object.entries<string | { what: string; schema: ZodType<string> }>(rest.params ?? {})) {
        params[param] = typeof spec === 'string' ? parseInput(EntityId, req.params[param], spec) : parseInput(spec.schema, req.params[param], spec.what);
      }
      const query = rest.query ? parseInput(rest.query.schema, req.query, rest.query.what) : undefined;
      const body = rest.body ? parseInput(rest.body, req.body, rest.bodyName) : req.body;
      const input = (rest.input as (r: { body: unknown; query: unknown; params: Record<string, string>; ifMatch: number | undefined }) => unknown)({
        body,
        query,
        params,
        ifMatch: rest.ifMatch ? parseIfMatch(req.get('If-Match')) : undefined,
      });
      const subjectOf = op.subject as (i: unknown, r?: unknown) => string;
      res.locals.auditSubject = subjectOf(input);
      const result = await run(input, principalOf(res)!); // requireRole let only a known caller through
      res.locals.auditSubject = subjectOf(input, result) || res.locals.auditSubject;
      if (respond) respond(res, result as never);
      else if (rest.status === 204) res.status(204).end();
      else res.status(rest.status ?? 200).json(result);
    });
  }
  return r;
}
