import { randomBytes, randomUUID } from 'node:crypto';
import type { Call, Recommendation } from '../../shared/call';
import { isOpenCall } from '../../shared/call';
import { withRecommendation } from '../../shared/changes';
import type { Change, CommittedChange, LiveState } from '../../shared/changes';
import type { Destination } from '../../shared/destination';
import type { Position } from '../../shared/geo';
import type { Unit, UnitDoc } from '../../shared/unit';
import { historyTokensOf } from '../history/history-tokens';
import { reportFactsOf } from '../reports/report-facts';
import type { RedisClient } from './client';
import { commitScript, loadScript, verifyScript } from './commit-script';
import { currentConnection } from './primary-follower';
import type { ReplicaAck } from './replica-ack';
import type { Keys } from './keys';

/**
 * One entity a command writes. `expectedVersion` is the version the command read (0 when it
 * created the entity); the commit refuses the whole change if any entity moved on meanwhile.
 */
export type EntityWrite =
  | { kind: 'call'; call: Call; expectedVersion: number }
  | { kind: 'unit'; unit: UnitDoc; expectedVersion: number; position?: Position | null }
  /**
   * Telemetry: no version check, only that the unit exists. With `ifExists`, a position for a
   * unit nobody created is skipped (the rest of the commit goes ahead) instead of refusing all.
   */
  | { kind: 'position'; unitId: string; position: Position; ifExists?: boolean }
  /**
   * Advice derived from the live state: only that the call exists, or, with `callVersion`,
   * that the call is still the version the advice was computed from.
   */
  | { kind: 'recommendation'; callId: string; recommendation: Recommendation | null; callVersion?: number }
  /** Claims an integrator's externalId for a call; fails if another call already has it. */
  | { kind: 'externalId'; externalId: string; callId: string }
  /** A transport destination, versioned like a unit. */
  | { kind: 'destination'; destination: Destination; expectedVersion: number };

export interface CommitMeta {
  at: number;
  by: string;
}

export type CommitConflict = { entity: 'call' | 'unit' | 'externalId' | 'destination'; id: string; actualVersion: number };
export type CommitResult =
  | {
      ok: true;
      /** null when every write was skipped and nothing was committed. */
      seq: number | null;
      /** The number handed out for `callNumberToken`, zero-padded, or null when none was asked for. */
      number: string | null;
      /** Units whose `ifExists` position was skipped because they do not exist. */
      skippedUnitIds: string[];
    }
  | { ok: false; conflict: CommitConflict };

/** The state as one atomic read saw it: what the projection starts from. */
export interface LoadedState extends LiveState {
  /** The history id the sequence numbers belong to (made by the load when Redis had none). */
  history: string;
  /** The stream entry at `seq` as stored ('' at seq 0): what a later check compares against. */
  lastPayload: string;
}

/** What Redis says of the history an instance follows (see verifyScript). */
export interface HistoryCheck {
  history: string | null;
  seq: number;
  /** The stream entry at the sequence number asked about, '' when there is none. */
  payload: string;
}

interface HashWrite {
  key: string;
  expected: string;
  fields: string[];
}

/**
 * The repository of calls, units and the change stream (and the one commit that also writes
 * destinations, so their changes reach screens the same way; server/redis/destination-store.ts reads them): every read and write of them goes
 * through this class (and every change through its one Lua commit). Other concerns have their
 * own repository, each the only code touching its keys: accounts, sessions and API keys
 * (auth/user-store, session-store, api-keys), the audit trail (auth/audit-log), safety profiles
 * and grants (profiles/profile-store, grants), leases, rate-limit windows and retention
 * (redis/lease, window-counter, retention). Keys are built in keys.ts alone.
 */
export class Store {
  /**
   * Written in a call's number where the next call number belongs; the commit replaces it (see
   * commitScript). Random per process, so no text a user types can be mistaken for it.
   */
  readonly callNumberToken = `CALLNO${randomBytes(12).toString('hex')}`;

  constructor(
    readonly redis: RedisClient,
    readonly keys: Keys,
    private readonly streamMaxLen: number,
    /** About how many bytes the stream may hold (see streamLimitFor). */
    private readonly streamMaxBytes: number = 256 * 1024 * 1024,
    /** Set with a replica (Sentinel): a commit is acknowledged only once the replica has it. */
    private readonly replicaAck: ReplicaAck | null = null,
  ) {}

  /**
   * The stream's length cap for a commit of this size: STREAM_MAXLEN entries, fewer when
   * entries are large (fleet position reports), so the stream stays near STREAM_MAX_BYTES.
   */
  private streamLimitFor(payloadBytes: number): number {
    return Math.min(this.streamMaxLen, Math.max(1000, Math.floor(this.streamMaxBytes / Math.max(1, payloadBytes))));
  }

  async readCall(id: string): Promise<Call | null> {
    const [doc, rec] = await this.redis.hmGet(this.keys.call(id), ['doc', 'rec']);
    return doc ? callFromFields(doc, rec) : null;
  }

  async readUnit(id: string): Promise<Unit | null> {
    const [doc, pos] = await this.redis.hmGet(this.keys.unit(id), ['doc', 'pos']);
    if (!doc) return null;
    return { ...(JSON.parse(doc) as UnitDoc), position: pos ? (JSON.parse(pos) as Position) : null };
  }

  async callIdForExternalId(externalId: string): Promise<string | null> {
    return (await this.redis.hGet(this.keys.callByExternalId(externalId), 'id')) ?? null;
  }

  /** Writes every entity and appends one change to the stream, atomically, or nothing at all. */
  async commit(writes: EntityWrite[], meta: CommitMeta): Promise<CommitResult> {
    const hashes: HashWrite[] = [];
    const sets: { key: string; op: '+' | '-' | 'z' | 'r'; member: string; score?: number }[] = [];
    const changes: Change[] = [];
    const entityOfKey = new Map<string, { entity: CommitConflict['entity']; id: string }>();

    for (const w of writes) {
      switch (w.kind) {
        case 'call': {
          const key = this.keys.call(w.call.id);
          // The stored document leaves the recommendation out: it lives in its own field.
          const doc = JSON.stringify(withRecommendation(w.call, null));
          const open = isOpenCall(w.call);
          const fields = ['v', String(w.call.version), 'doc', doc];
          sets.push({ key: this.keys.openCalls, op: open ? '+' : '-', member: w.call.id });
          // Finished calls are kept for CALL_RETENTION_DAYS, oldest removed first; a reopened one is live again.
          sets.push(
            open
              ? { key: this.keys.finishedCalls, op: 'r', member: w.call.id }
              : { key: this.keys.finishedCalls, op: 'z', member: w.call.id, score: w.call.statusSince },
          );
          if (!open) {
            // History search's index, written with the call so a search never misses a finished
            // call. Searches intersect it with finishedCalls, so a reopened call's entries need
            // no removal; `tok` lists them for retention to remove with the call. `facts` is what
            // the diversion reports read of it.
            const tokens = historyTokensOf(w.call);
            fields.push('tok', tokens.join(' '), 'facts', JSON.stringify(reportFactsOf(w.call)));
            for (const t of tokens) sets.push({ key: this.keys.historyToken(t), op: 'z', member: w.call.id, score: w.call.statusSince });
          }
          hashes.push({ key, expected: String(w.expectedVersion), fields });
          // ZADD is idempotent: writing the call again with the same unmetSince counts it once.
          if (w.call.mh.unmetSince !== null) sets.push({ key: this.keys.unmetCalls, op: 'z', member: w.call.id, score: w.call.mh.unmetSince });
          // Time to assign, by when it happened: "<call id>:<ms>" so the day's median is one range read.
          if (w.call.assignedAt !== null) {
            sets.push({ key: this.keys.assignedCalls, op: 'z', member: `${w.call.id}:${w.call.assignedAt - w.call.createdAt}`, score: w.call.assignedAt });
          }
          entityOfKey.set(key, { entity: 'call', id: w.call.id });
          changes.push({ kind: 'call', call: w.call });
          break;
        }
        case 'unit': {
          const key = this.keys.unit(w.unit.id);
          const fields = ['v', String(w.unit.version), 'doc', JSON.stringify(w.unit)];
          if (w.position) fields.push('pos', JSON.stringify(w.position));
          hashes.push({ key, expected: String(w.expectedVersion), fields });
          sets.push({ key: this.keys.units, op: '+', member: w.unit.id });
          entityOfKey.set(key, { entity: 'unit', id: w.unit.id });
          changes.push({ kind: 'unit', unit: w.unit });
          if (w.position) changes.push({ kind: 'position', unitId: w.unit.id, position: w.position });
          break;
        }
        case 'position': {
          const key = this.keys.unit(w.unitId);
          hashes.push({ key, expected: w.ifExists ? '?' : '*', fields: ['pos', JSON.stringify(w.position)] });
          entityOfKey.set(key, { entity: 'unit', id: w.unitId });
          changes.push({ kind: 'position', unitId: w.unitId, position: w.position });
          break;
        }
        case 'recommendation': {
          const key = this.keys.call(w.callId);
          hashes.push({ key, expected: w.callVersion === undefined ? '*' : String(w.callVersion), fields: ['rec', JSON.stringify(w.recommendation)] });
          entityOfKey.set(key, { entity: 'call', id: w.callId });
          changes.push({ kind: 'recommendation', callId: w.callId, recommendation: w.recommendation });
          break;
        }
        case 'externalId': {
          const key = this.keys.callByExternalId(w.externalId);
          hashes.push({ key, expected: '0', fields: ['v', '1', 'id', w.callId] });
          entityOfKey.set(key, { entity: 'externalId', id: w.externalId });
          break;
        }
        case 'destination': {
          const key = this.keys.destination(w.destination.id);
          hashes.push({ key, expected: String(w.expectedVersion), fields: ['v', String(w.destination.version), 'doc', JSON.stringify(w.destination)] });
          sets.push({ key: this.keys.destinations, op: '+', member: w.destination.id });
          entityOfKey.set(key, { entity: 'destination', id: w.destination.id });
          changes.push({ kind: 'destination', destination: w.destination });
          break;
        }
      }
    }

    const keys = [this.keys.seq, this.keys.stream, this.keys.callNumber, ...hashes.map((h) => h.key), ...sets.map((s) => s.key)];
    const payload = JSON.stringify({ at: meta.at, by: meta.by, changes });
    const numbered = payload.includes(this.callNumberToken);
    const args = [String(this.streamLimitFor(payload.length)), payload, String(hashes.length), String(sets.length), numbered ? this.callNumberToken : ''];
    for (const h of hashes) args.push(h.expected, String(h.fields.length / 2), ...h.fields);
    for (const s of sets) args.push(s.op, s.member, String(s.score ?? 0));

    // The commit and the WAIT that confirms it must go down one connection (see ReplicaAck).
    const conn = currentConnection(this.redis);
    const reply = (await commitScript.run(conn, keys, args)) as [string, ...(string | number)[]];
    const unitIdOf = (key: string | number) => String(key).slice(this.keys.unitPrefix.length);
    if (reply[0] === 'ok') {
      // Telemetry and advice are re-made within seconds; a person's change must survive a failover.
      if (this.replicaAck && writes.some((w) => w.kind !== 'position' && w.kind !== 'recommendation')) await this.replicaAck.confirm(conn);
      return { ok: true, seq: Number(reply[1]), number: reply[2] ? String(reply[2]) : null, skippedUnitIds: reply.slice(3).map(unitIdOf) };
    }
    if (reply[0] === 'skipped') return { ok: true, seq: null, number: null, skippedUnitIds: reply.slice(1).map(unitIdOf) };
    const key = String(reply[1]);
    const entity = entityOfKey.get(key) ?? { entity: 'call' as const, id: key };
    return { ok: false, conflict: { ...entity, actualVersion: Number(reply[2]) } };
  }

  /** The open calls, every unit, every destination and the sequence number they reflect, read atomically. */
  async loadState(): Promise<LoadedState> {
    const [seq, history, lastPayload, callDocs, unitFields, destinationDocs] = (await loadScript.run(
      this.redis,
      [this.keys.seq, this.keys.openCalls, this.keys.units, this.keys.history, this.keys.stream, this.keys.destinations],
      [this.keys.callPrefix, this.keys.unitPrefix, randomUUID(), this.keys.destinationPrefix],
    )) as [string, string, string, string[], string[], string[]];
    const calls: Call[] = [];
    for (let i = 0; i < callDocs.length; i += 2) calls.push(callFromFields(callDocs[i]!, callDocs[i + 1] || null));
    const units: Unit[] = [];
    for (let i = 0; i < unitFields.length; i += 2) {
      const pos = unitFields[i + 1];
      units.push({ ...(JSON.parse(unitFields[i]!) as UnitDoc), position: pos ? (JSON.parse(pos) as Position) : null });
    }
    const destinations = destinationDocs.map((doc) => JSON.parse(doc) as Destination);
    return { seq: Number(seq), history, lastPayload, calls, units, destinations };
  }

  /** Where Redis stands on the history: its id, its sequence number, its entry at `ourSeq`. */
  async checkHistory(redis: RedisClient, ourSeq: number): Promise<HistoryCheck> {
    const [history, seq, payload] = (await verifyScript.run(redis, [this.keys.history, this.keys.seq, this.keys.stream], [String(ourSeq)])) as [
      string | null,
      string,
      string,
    ];
    return { history: history || null, seq: Number(seq), payload };
  }

  /** How many calls became unmet demand since `since` (epoch ms). */
  async unmetCallsSince(since: number): Promise<number> {
    return this.redis.zCount(this.keys.unmetCalls, since, '+inf');
  }

  /** Milliseconds from creation to first assignment of the calls first assigned since `since`. */
  async timesToAssignSince(since: number): Promise<number[]> {
    const members = await this.redis.zRangeByScore(this.keys.assignedCalls, since, '+inf');
    return members.map((m) => Number(m.slice(m.lastIndexOf(':') + 1))).filter((ms) => Number.isFinite(ms) && ms >= 0);
  }

  /** Changes with a sequence number above `afterSeq`, oldest first, at most `count`. */
  async readChangesAfter(afterSeq: number, count: number): Promise<CommittedChange[]> {
    const entries = await this.redis.xRange(this.keys.stream, `(${afterSeq}-0`, '+', { COUNT: count });
    return (entries ?? []).map((e) => parseStreamEntry(e.id, e.message));
  }

  /** The oldest sequence number the stream still holds, or null when it is empty. */
  async oldestSeqInStream(): Promise<number | null> {
    const [first] = (await this.redis.xRange(this.keys.stream, '-', '+', { COUNT: 1 })) ?? [];
    return first ? seqOfEntryId(first.id) : null;
  }
}

function callFromFields(doc: string, rec: string | null | undefined): Call {
  const call = JSON.parse(doc) as Call;
  return rec ? withRecommendation(call, JSON.parse(rec) as Recommendation | null) : call;
}

export function seqOfEntryId(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}

export function parseStreamEntry(id: string, message: Record<string, string>): CommittedChange {
  const body = JSON.parse(message.c ?? '{}') as Omit<CommittedChange, 'seq'>;
  return { seq: seqOfEntryId(id), at: body.at, by: body.by, changes: body.changes };
}
