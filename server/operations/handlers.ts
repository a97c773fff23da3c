import type { Principal } from '../../shared/auth';
import { mayRun, type InputOf, type OperationName, type ResultOf } from '../../shared/operations';
import type { HistoryQuery } from '../../shared/history';
import { ExtendGrantInput } from '../../shared/profile';
import type { Unit } from '../../shared/unit';
import type { AdminOps } from '../auth/admin-ops';
import type { AuditLog } from '../auth/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { Commands } from '../commands/commands';
import type { DestinationCommands } from '../commands/destination-commands';
import type { Counters } from '../counters';
import type { EidoService } from '../eido/eido-service';
import type { CallHistory } from '../history/call-history';
import { diversionReport, type ReportRules } from '../reports/diversion';
import type { ReportSource } from '../reports/report-source';
import type { ReplayStore } from '../replay/replay-store';
import { DomainError } from '../domain/errors';
import { audienceOf, redactDestination } from '../live/audiences';
import { parseInput } from '../edge/validate';
import type { ProfileService } from '../profiles/profile-service';

/** Who runs an operation: a signed-in person (board, wall) or an integration's key. */
export type Caller = Principal;

/** One handler per declared operation; the compiler refuses a list that misses one. */
export type OperationHandlers = { [K in OperationName]: (input: InputOf<K>, caller: Caller) => Promise<ResultOf<K>> };

export interface HandlerContext {
  commands: Commands;
  destinations: DestinationCommands;
  /** Every unit where it is now (the live projection), to pick the nearest free police for backup. */
  liveUnits: () => Iterable<Unit>;
  counters: Counters;
  auth: AuthService;
  adminOps: AdminOps;
  audit: AuditLog;
  profiles: ProfileService;
  history: CallHistory;
  eido: EidoService;
  reports: ReportSource;
  replay: ReplayStore;
  /** The response rules' parts the reports read (eligibility, team and police types, time zone). */
  rules: ReportRules;
}

/** A search as the audit trail records it: the filters given, and how many calls matched. */
function describeSearch(q: HistoryQuery, total: number): string {
  const given = Object.entries(q).filter(([k, v]) => v !== undefined && k !== 'limit' && !(k === 'status' && v === 'finished'));
  return `search ${given.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ') || '(all)'} -> ${total}`;
}

/** Sending a civilian team where the rules want police is a supervisor's call, and theirs alone. */
function mayOverride(override: { reason: string } | undefined, caller: Caller): void {
  if (override && caller.role !== 'supervisor') {
    throw new DomainError('forbidden', `only a supervisor may send a civilian team without police (you are ${caller.role})`);
  }
}

/**
 * What each operation does, whether a board sent it over its socket or a request came over REST:
 * the transports only validate, authorize and answer (realtime/handlers/operation-handlers.ts,
 * http/operation-routes.ts).
 */
export function operationHandlers({
  commands,
  destinations,
  liveUnits,
  counters,
  auth,
  adminOps,
  audit,
  profiles,
  history,
  eido,
  reports,
  replay,
  rules,
}: HandlerContext): OperationHandlers {
  /**
   * Who looked back at what (past calls, a replayed shift, the program's figures) is part of the
   * record, as reading a profile is. Subject: the component read.
   */
  const auditRead = (c: Caller, component: 'history' | 'replay' | 'reports', type: string, detail: string) =>
    audit.record({ component, type, actor: c.actor, outcome: 'success', subject: component, detail });

  return {
    // Only an integration's caller phone is the line that called (ALI); a typed one opens no profile.
    'call:create': (i, c) => commands.createCall(c.actor, i, c.role === 'ingest' ? 'cad' : 'board'),
    'call:get': (i) => commands.getCall(i.callId),
    'call:search': async (i, c) => {
      const page = await history.search(i);
      await auditRead(c, 'history', 'history.search', describeSearch(i, page.total));
      return page;
    },
    'call:patch': (i, c) => {
      // A reason comes with reopening a finished call, which is call:reopen's decision to allow.
      if (i.patch.reason !== undefined && (c.role === 'ingest' || !mayRun(c.role, 'call:reopen'))) {
        throw new DomainError('forbidden', 'only a supervisor may reopen a finished call');
      }
      return commands.updateCall(c.actor, i.callId, i.patch, i.expectedVersion);
    },
    'call:assign': (i, c) => {
      mayOverride(i.override, c);
      return commands.assign(c.actor, i.callId, { unitId: i.unitId, expectedVersion: i.expectedUnitVersion, override: i.override });
    },
    'call:unassign': (i, c) => commands.unassign(c.actor, i.callId, i.unitId, i.expectedUnitVersion),
    'call:update': (i, c) => {
      // Reopening is a supervisor's decision with its own operation: call:update may not do it.
      if (i.patch.reason !== undefined) throw new DomainError('forbidden', 'reopen a finished call with call:reopen (supervisors only)');
      return commands.updateCall(c.actor, i.callId, i.patch, i.expectedVersion);
    },
    'call:note': (i, c) => commands.updateCall(c.actor, i.callId, { note: i.text }),
    'call:reopen': (i, c) => commands.updateCall(c.actor, i.callId, { status: 'pending', reason: i.reason }, i.expectedVersion),
    'call:backup': (i, c) => commands.sendBackup(c.actor, i.callId, liveUnits()),
    'call:eido': (i) => eido.exportCall(i.callId),
    // As call:create: only an integration's caller phone is the line that called.
    'eido:import': (doc, c) => eido.importDocument(c.actor, doc, c.role === 'ingest' ? 'cad' : 'board'),
    'report:diversion': async (i, c) => {
      const report = diversionReport(await reports.factsAround(i.from, i.to), i, rules);
      // JSON or CSV: either way the figures left the server.
      const csv = i.format === 'csv' ? ` csv ${i.table}` : '';
      await auditRead(c, 'reports', 'report.read', `diversion ${new Date(i.from).toISOString()}..${new Date(i.to).toISOString()} by ${i.by}${csv}`);
      return report;
    },
    'replay:read': async (i, c) => {
      const recording = await replay.read(i.from, i.hours);
      await auditRead(c, 'replay', 'replay.read', `${new Date(i.from).toISOString()} for ${i.hours} h`);
      return recording;
    },
    'unit:get': (i) => commands.getUnit(i.unitId),
    'unit:put': (i, c) => commands.putUnit(c.actor, i.unitId, i.unit),
    'unit:position': async (i, c) => {
      const unit = await commands.updatePosition(c.actor, i.unitId, i.position);
      counters.positionsAccepted++;
      return unit;
    },
    'unit:positions': async (i, c) => {
      const outcome = await commands.updatePositions(c.actor, i.positions);
      counters.positionsAccepted += outcome.accepted;
      counters.positionsIgnored += outcome.ignoredUnitIds.length;
      return outcome;
    },
    'unit:setStatus': (i, c) => commands.setUnitStatus(c.actor, i.unitId, i),
    'unit:reassign': (i, c) => {
      mayOverride(i.override, c);
      return commands.reassign(c.actor, i);
    },
    'unit:checkIn': (i, c) => commands.checkIn(c.actor, i.unitId),

    'destination:list': async (_i, c) => {
      const list = await destinations.list();
      // The wall (and admins, who see what it sees) get the places, not who updated them.
      return { destinations: audienceOf(c.role) === 'wall' ? list.map(redactDestination) : list };
    },
    'destination:put': (i, c) => destinations.put(c.actor, i.destinationId, i.destination),
    'destination:setBeds': (i, c) => destinations.setBeds(c.actor, i.destinationId, i),

    'admin:listUsers': () => auth.users.list(),
    'admin:addUser': async (i, c) => {
      await adminOps.addUser(c.actor, i.username, i.role, i.password);
      return { username: i.username, role: i.role };
    },
    'admin:updateUser': async ({ username, patch }, c) => {
      await adminOps.updateUser(c.actor, username, patch);
      return { username, ...(patch.role ? { role: patch.role } : {}) };
    },
    'admin:removeUser': (i, c) => adminOps.removeUser(c.actor, i.username),
    'admin:signOutUser': async (i, c) => ({ ended: await adminOps.signOutEverywhere(c.actor, i.username) }),
    'admin:listKeys': () => auth.apiKeys.list(),
    'admin:createKey': async (i, c) => {
      const { record, secret } = await adminOps.createKey(c.actor, i.kind, i.name);
      // The secret is in this answer and nowhere else: it is stored only as a hash.
      return { ...record, secret };
    },
    'admin:revokeKey': (i, c) => adminOps.revokeKey(c.actor, i.keyId),
    'admin:audit': (i) => audit.query(i),

    'profile:import': async (records, c) => {
      const result = await profiles.importProfiles(c, records);
      if (result.imported === 0) {
        const first = result.results[0];
        const why = first && !first.ok ? `: ${first.error.message}` : '';
        throw new DomainError('bad_request', `no profile was imported${why}; details.results says why for each record`, result);
      }
      return result;
    },
    'profile:delete': (i, c) => profiles.deleteProfile(c, i.profileId),
    'profile:view': (i, c) => profiles.viewForCall(c, i.callId),
    'profile:status': (i, c) => profiles.status(c, i.callId),
    'profile:extend': async (i, c) => {
      await profiles.assertMayExtend(c, i.callId); // refuse (and audit) a wrong role before reading the body
      const { reason } = parseInput(ExtendGrantInput, i.body);
      const grant = await profiles.extendGrant(c, i.callId, reason);
      return { grant: { expiresAt: grant.expiresAt, extendedBy: grant.extendedBy, reason: grant.reason } };
    },
  };
}
