import { randomUUID } from 'node:crypto';
import { isOpenCall, type AssignInput, type Call, type CallerPhoneSource, type CreateCallInput, type PatchCallInput } from '../../shared/call';
import type { ReassignCommand, Reassignment } from '../../shared/board-commands';
import type { Destination } from '../../shared/destination';
import type { Position } from '../../shared/geo';
import type { PositionInput, PutUnitInput, Unit, UnitDoc, UnitStatusInput } from '../../shared/unit';
import { assignUnit, reassignUnit, unassignUnit } from '../domain/assignments';
import { rankBackup } from '../domain/backup';
import { formatCallNumber, newCall, patchCall } from '../domain/calls';
import type { CommandContext } from '../domain/context';
import { DomainError, notFound } from '../domain/errors';
import type { RecommendResult } from '../domain/recommendation';
import { recordRecommendation } from '../domain/recommendation-record';
import { nextCall } from '../domain/stamp';
import { assertDestinationFits, checkIn, putUnit, setUnitStatus, toPosition } from '../domain/units';
import { DestinationStore } from '../redis/destination-store';
import type { CommitMeta, EntityWrite, Store } from '../redis/store';
import type { ResponseRules } from '../response-rules';
import { policeRequiredBecause, type AssignmentSafety } from '../../shared/assignment-safety';
import { checkAssignmentSafety } from '../domain/assignment-safety';
import { runCommand, type Decision } from './run-command';

export interface CommandOptions {
  /** Words in notes that flag a call as mental-health related. */
  mhKeywords: readonly string[];
  /** Travel estimate and CIT preference for choosing police backup (from the response rules). */
  backupRules: Pick<ResponseRules, 'travel' | 'citPreferenceMinutes'>;
  /** Calls a civilian team may not go to without police (from the response rules); none when unset. */
  safety?: AssignmentSafety;
  /** Read when a transport names where it goes (the app's one store; a new one when unset). */
  destinations?: DestinationStore;
  now?: () => number;
}

const withoutPosition = ({ position: _p, ...doc }: Unit): UnitDoc => doc;
const samePosition = (a: Position | null, b: Position) => a !== null && a.lat === b.lat && a.lon === b.lon && a.at === b.at && a.heading === b.heading;

/**
 * Every change to calls and units, whoever asks (REST, socket, simulator), goes through here:
 * read from Redis, decide with the pure domain functions, commit atomically.
 */
export class Commands {
  private readonly now: () => number;
  /** Read when a transport names where it goes. */
  private readonly destinations: DestinationStore;
  constructor(
    private readonly store: Store,
    private readonly options: CommandOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.destinations = options.destinations ?? new DestinationStore(store.redis, store.keys);
  }

  /** Whether the connection to Redis is up (a failure then is a timeout or a bug, not an outage). */
  storeConnected(): boolean {
    return this.store.redis.isReady;
  }

  private meta(by: string): () => CommitMeta {
    return () => ({ at: this.now(), by });
  }

  private run<T>(by: string, attempt: (ctx: CommandContext) => Promise<Decision<T>>) {
    return runCommand(this.store, this.meta(by), (m) => attempt({ now: m.at, by: m.by })).then((r) => r.result);
  }

  private async mustCall(id: string): Promise<Call> {
    const call = await this.store.readCall(id);
    if (!call) throw notFound(`call ${id}`);
    return call;
  }

  private async mustUnit(id: string): Promise<UnitDoc> {
    const unit = await this.store.readUnit(id);
    if (!unit) throw notFound(`unit ${id}`);
    return withoutPosition(unit);
  }

  getCall(id: string): Promise<Call> {
    return this.mustCall(id);
  }

  async getUnit(id: string): Promise<Unit> {
    const unit = await this.store.readUnit(id);
    if (!unit) throw notFound(`unit ${id}`);
    return unit;
  }

  /**
   * Creates a call; the same externalId twice returns the first call (`created: false`). One
   * round trip on the common path: the number is handed out and the externalId claimed inside
   * the commit, and only a taken externalId costs a read of the call that has it.
   */
  /** `phoneSource`: 'cad' for an integration's call (its caller phone may open a safety profile), 'board' for one a person typed. */
  async createCall(by: string, input: CreateCallInput, phoneSource: CallerPhoneSource): Promise<{ call: Call; created: boolean }> {
    const id = randomUUID();
    const year = new Date(this.now()).getUTCFullYear();
    const placeholder = `${year}-${this.store.callNumberToken}`;
    const outcome = await runCommand<{ call: Call; created: boolean }>(this.store, this.meta(by), async (m, lastConflict) => {
      if (input.externalId && lastConflict?.entity === 'externalId') {
        const existingId = await this.store.callIdForExternalId(input.externalId);
        if (existingId) return { writes: [], result: { call: await this.mustCall(existingId), created: false } };
      }
      const call = newCall(input, { id, number: placeholder }, this.options.mhKeywords, { now: m.at, by: m.by }, phoneSource);
      const writes: EntityWrite[] = [{ kind: 'call', call, expectedVersion: 0 }];
      if (input.externalId) writes.push({ kind: 'externalId', externalId: input.externalId, callId: id });
      return { writes, result: { call, created: true } };
    });
    const { call, created } = outcome.result;
    if (!created || outcome.number === null) return outcome.result;
    // The same number the commit wrote in place of the token (the script pads it the same way).
    return { call: { ...call, number: formatCallNumber(year, Number(outcome.number)) }, created };
  }

  updateCall(by: string, id: string, patch: PatchCallInput, expectedVersion?: number): Promise<Call> {
    return this.run(by, async (ctx) => {
      const call = await this.mustCall(id);
      const units = await Promise.all(call.assignedUnitIds.map((u) => this.mustUnit(u)));
      const readVersion = new Map(units.map((u) => [u.id, u.version]));
      const next = patchCall(call, units, patch, this.options.mhKeywords, expectedVersion, ctx);
      return {
        writes: [
          { kind: 'call', call: next.call, expectedVersion: call.version },
          ...next.units.map((u): EntityWrite => ({ kind: 'unit', unit: u, expectedVersion: readVersion.get(u.id) ?? 0 })),
        ],
        result: next.call,
      };
    });
  }

  putUnit(by: string, id: string, input: PutUnitInput): Promise<{ unit: Unit; created: boolean }> {
    return this.run(by, async (ctx) => {
      const existing = await this.store.readUnit(id);
      const doc = putUnit(existing && withoutPosition(existing), id, input, ctx);
      const position = input.position ? toPosition(input.position, ctx.now) : (existing?.position ?? null);
      return {
        writes: [{ kind: 'unit', unit: doc, expectedVersion: existing?.version ?? 0, position: input.position ? position : undefined }],
        result: { unit: { ...doc, position }, created: existing === null },
      };
    });
  }

  /**
   * Moves one unit. No read before the commit (the commit checks that the unit exists); the
   * unit for the answer is read in the same round trip, queued right behind the commit.
   */
  async updatePosition(by: string, unitId: string, input: PositionInput): Promise<Unit> {
    const now = this.now();
    const position = toPosition(input, now);
    // Both commands are queued in this tick, commit first: Redis runs them in that order.
    const committing = this.store.commit([{ kind: 'position', unitId, position }], { at: now, by });
    const reading = this.store.readUnit(unitId);
    const [outcome, read] = await Promise.all([committing, reading]);
    if (!outcome.ok) throw notFound(`unit ${unitId}`);
    // After a script reload (NOSCRIPT) the commit ran second: read again.
    const unit = read && samePosition(read.position, position) ? read : await this.store.readUnit(unitId);
    if (!unit) throw notFound(`unit ${unitId}`);
    return unit;
  }

  /**
   * Moves many units in one commit (an AVL feed's report). No reads: positions of units that
   * do not exist are skipped and named in the answer, the others are written.
   */
  async updatePositions(by: string, inputs: readonly (PositionInput & { unitId: string })[]): Promise<{ accepted: number; ignoredUnitIds: string[] }> {
    const now = this.now();
    // The latest report of a unit wins within one batch, as it would across batches.
    const latest = new Map<string, Position>();
    for (const p of inputs) latest.set(p.unitId, toPosition(p, now));
    const writes: EntityWrite[] = [...latest].map(([unitId, position]) => ({ kind: 'position', unitId, position, ifExists: true }));
    const outcome = await runCommand(this.store, this.meta(by), async () => ({ writes, result: undefined }));
    return { accepted: latest.size - outcome.skippedUnitIds.length, ignoredUnitIds: outcome.skippedUnitIds };
  }

  /**
   * Changes a unit's status; answers with the unit and its call as the change left them. A
   * destination named for a transport must exist (its name goes on the call's timeline).
   */
  async setUnitStatus(by: string, unitId: string, input: UnitStatusInput): Promise<{ unit: UnitDoc; call: Call | null }> {
    assertDestinationFits(input.status, input.destinationId !== undefined); // before looking the place up
    return this.run(by, async (ctx) => {
      const [unit, destination] = await Promise.all([this.mustUnit(unitId), this.knownDestination(input.destinationId)]);
      const call = unit.currentCallId ? await this.store.readCall(unit.currentCallId) : null;
      const next = setUnitStatus(unit, call, input.status, input.expectedVersion, ctx, input.disposition, destination);
      const writes: EntityWrite[] = next.unit === unit ? [] : [{ kind: 'unit', unit: next.unit, expectedVersion: unit.version }];
      if (next.call && call) writes.push({ kind: 'call', call: next.call, expectedVersion: call.version });
      return { writes, result: { unit: next.unit, call: next.call ?? call } };
    });
  }

  /** The destination a command names, refused as a bad field when there is no such place. */
  private async knownDestination(id: string | undefined): Promise<Destination | undefined> {
    if (id === undefined) return undefined;
    const destination = await this.destinations.read(id);
    if (!destination) {
      throw new DomainError('bad_request', `destinationId: no destination ${id}`, { issues: [{ path: 'destinationId', message: `no destination ${id}` }] });
    }
    return destination;
  }

  assign(by: string, callId: string, input: AssignInput): Promise<{ call: Call; unit: UnitDoc }> {
    return this.run(by, async (ctx) => {
      const [call, unit] = await Promise.all([this.mustCall(callId), this.mustUnit(input.unitId)]);
      const override = await this.checkSafety(call, unit, input.override);
      const next = assignUnit(call, unit, input.expectedVersion, ctx, override ? `assigned ${override}` : 'assigned');
      if (!next) return { writes: [], result: { call, unit } };
      return {
        writes: [
          { kind: 'call', call: next.call, expectedVersion: call.version },
          { kind: 'unit', unit: next.unit, expectedVersion: unit.version },
        ],
        result: next,
      };
    });
  }

  unassign(by: string, callId: string, unitId: string, expectedUnitVersion?: number): Promise<{ call: Call; unit: UnitDoc }> {
    return this.run(by, async (ctx) => {
      const [call, unit] = await Promise.all([this.mustCall(callId), this.mustUnit(unitId)]);
      const next = unassignUnit(call, unit, ctx, expectedUnitVersion);
      return {
        writes: [
          { kind: 'call', call: next.call, expectedVersion: call.version },
          { kind: 'unit', unit: next.unit, expectedVersion: unit.version },
        ],
        result: next,
      };
    });
  }

  /** A supervisor moves a unit to another call in one atomic commit (both calls and the unit). */
  reassign(by: string, input: ReassignCommand): Promise<Reassignment> {
    return this.run(by, async (ctx) => {
      const [unit, toCall] = await Promise.all([this.mustUnit(input.unitId), this.mustCall(input.toCallId)]);
      const fromCall = unit.currentCallId ? await this.store.readCall(unit.currentCallId) : null;
      const override = await this.checkSafety(toCall, unit, input.override);
      const reason = [input.reason, override].filter(Boolean).join('; ') || undefined;
      const next = reassignUnit(unit, fromCall, toCall, input.expectedUnitVersion, reason, ctx);
      const writes: EntityWrite[] = [
        { kind: 'unit', unit: next.unit, expectedVersion: unit.version },
        { kind: 'call', call: next.toCall, expectedVersion: toCall.version },
      ];
      if (next.fromCall && fromCall) writes.push({ kind: 'call', call: next.fromCall, expectedVersion: fromCall.version });
      return { writes, result: next };
    });
  }

  /**
   * Refuses a civilian team for a call that needs police while none is on it (see
   * assignment-safety); with a supervisor's override, the text the timeline records.
   */
  private async checkSafety(call: Call, unit: UnitDoc, override: { reason: string } | undefined): Promise<string | null> {
    const safety = this.options.safety;
    if (!safety || !safety.civilianTypes.includes(unit.type) || !policeRequiredBecause(call, safety)) return null;
    const onCall = await Promise.all(call.assignedUnitIds.map((id) => this.store.readUnit(id)));
    return checkAssignmentSafety(
      call,
      unit,
      onCall.flatMap((u) => (u ? [u.type] : [])),
      override,
      safety,
    );
  }

  checkIn(by: string, unitId: string): Promise<UnitDoc> {
    return this.run(by, async (ctx) => {
      const unit = await this.mustUnit(unitId);
      const call = unit.currentCallId ? await this.store.readCall(unit.currentCallId) : null;
      const next = checkIn(unit, call, ctx);
      return {
        writes: [
          { kind: 'unit', unit: next.unit, expectedVersion: unit.version },
          { kind: 'call', call: next.call!, expectedVersion: call!.version },
        ],
        result: next.unit,
      };
    });
  }

  /**
   * Sends police backup to a call: the nearest free law unit, CIT-trained first when one is
   * about as close. Candidates come from the live projection; the commit re-checks each, so a
   * unit taken meanwhile is skipped for the next.
   */
  async sendBackup(by: string, callId: string, units: Iterable<Unit>): Promise<{ call: Call; unit: UnitDoc }> {
    const call = await this.mustCall(callId);
    const candidates = rankBackup(call, units, this.options.backupRules);
    if (candidates.length === 0) throw new DomainError('unavailable', 'no police unit is free to send as backup; ask a supervisor to reassign one');
    for (const candidate of candidates.slice(0, 5)) {
      try {
        return await this.run(by, async (ctx) => {
          const [c, unit] = await Promise.all([this.mustCall(callId), this.mustUnit(candidate.id)]);
          const next = assignUnit(c, unit, undefined, ctx, 'sent as police backup');
          if (!next) return { writes: [], result: { call: c, unit } };
          return {
            writes: [
              { kind: 'call', call: next.call, expectedVersion: c.version },
              { kind: 'unit', unit: next.unit, expectedVersion: unit.version },
            ],
            result: next,
          };
        });
      } catch (err) {
        if (!(err instanceof DomainError) || (err.code !== 'unit_busy' && err.code !== 'transition_forbidden')) throw err;
      }
    }
    throw new DomainError('conflict', 'every nearby police unit was taken while sending backup; try again');
  }

  /**
   * A safety profile on the caller's phone notes a mental-health condition: the call is flagged
   * with reason 'profile'. Only that fact enters the call (which is broadcast), never profile data.
   * Idempotent: a call already flagged for its profile, or finished, is left alone.
   */
  flagFromProfile(by: string, callId: string): Promise<Call | null> {
    return this.run(by, async (ctx) => {
      const call = await this.store.readCall(callId);
      if (!call || !isOpenCall(call) || call.mh.reasons.includes('profile')) return { writes: [], result: null };
      const mh = { ...call.mh, flagged: true, reasons: [...call.mh.reasons, 'profile' as const] };
      const next = nextCall(call, ctx, { mh }, [['flagged', 'Flagged mental-health: safety profile on file']]);
      return { writes: [{ kind: 'call', call: next, expectedVersion: call.version }], result: next };
    });
  }

  /**
   * Records a call's recomputed recommendation. `known` is the call as the caller saw it (the
   * live projection): committed against its version, so the common case reads nothing; when
   * the call changed meanwhile, it is read afresh (a flag cleared a moment ago is seen) and the
   * advice recomputed. Internal work: a conflict simply retries. True when the call newly
   * became unmet demand.
   */
  async updateRecommendation(by: string, known: Call, compute: (call: Call) => RecommendResult | null): Promise<boolean> {
    const outcome = await runCommand(this.store, this.meta(by), async (m, lastConflict) => {
      const call = lastConflict ? await this.store.readCall(known.id) : known;
      if (!call || !isOpenCall(call)) return { writes: [], result: false };
      const out = recordRecommendation(call, compute(call), { now: m.at, by: m.by, system: true });
      const writes: EntityWrite[] = [];
      if (out.call) writes.push({ kind: 'call', call: out.call, expectedVersion: call.version });
      if (out.recommendation !== undefined)
        writes.push({ kind: 'recommendation', callId: call.id, recommendation: out.recommendation, callVersion: call.version });
      return { writes, result: out.call !== undefined && out.call.mh.unmetSince !== null && call.mh.unmetSince === null };
    });
    return outcome.result;
  }
}
