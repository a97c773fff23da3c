import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpenCall, type Call, type CallStatus } from '../../shared/call';
import { DISPOSITIONS } from '../../shared/call';
import type { CommittedChange } from '../../shared/changes';
import { CALL_TRANSITIONS, UNIT_TRANSITIONS } from '../../shared/transitions';
import { UNIT_STATUSES, type UnitDoc, type UnitStatus } from '../../shared/unit';
import { DomainError } from '../../server/domain/errors';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer, type TestServer } from '../helpers/server';

let redis: TestRedis;
let server: TestServer;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const CALLS = 3;
const UNITS = 4;

/** One board action, by index into the run's calls and units. */
const command = fc.oneof(
  fc.record({ op: fc.constant('assign' as const), call: fc.nat(CALLS - 1), unit: fc.nat(UNITS - 1), withVersion: fc.boolean() }),
  fc.record({ op: fc.constant('unassign' as const), call: fc.nat(CALLS - 1), unit: fc.nat(UNITS - 1) }),
  fc.record({ op: fc.constant('reassign' as const), call: fc.nat(CALLS - 1), unit: fc.nat(UNITS - 1) }),
  fc.record({
    op: fc.constant('status' as const),
    unit: fc.nat(UNITS - 1),
    status: fc.constantFrom(...UNIT_STATUSES),
    disposition: fc.option(fc.constantFrom(...DISPOSITIONS), { nil: undefined }),
  }),
  fc.record({ op: fc.constant('finish' as const), call: fc.nat(CALLS - 1), status: fc.constantFrom<CallStatus>('closed', 'cancelled', 'pending') }),
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

let run = 0;

describe('dispatch invariants under concurrent users', () => {
  it('never leaves a unit on two calls, a one-sided assignment, or a forbidden status change', async () => {
    const { commands, feed } = server.app;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(command, { maxLength: 8 }), { minLength: 2, maxLength: 4 }), async (users) => {
        const tag = `r${++run}`;
        const calls: Call[] = [];
        for (let i = 0; i < CALLS; i++) {
          calls.push((await commands.createCall('setup', { nature: 'WELFARE', priority: 2, location: { lat: 39.74, lon: -104.98 } }, 'cad')).call);
        }
        const unitIds: string[] = [];
        for (let i = 0; i < UNITS; i++) {
          const id = `${tag}-u${i}`;
          await commands.putUnit('setup', id, { callsign: id, type: i % 2 ? 'law' : 'crisis_team' });
          unitIds.push(id);
        }
        const callIds = calls.map((c) => c.id);
        const mine = new Set([...callIds, ...unitIds]);

        // Every status change any commit makes to this run's entities must be in the table.
        const violations: string[] = [];
        const lastUnit = new Map<string, UnitStatus>();
        const lastCall = new Map<string, CallStatus>(calls.map((c) => [c.id, c.status]));
        const watch = (change: CommittedChange) => {
          for (const c of change.changes) {
            if (c.kind === 'unit' && mine.has(c.unit.id)) {
              const before = lastUnit.get(c.unit.id);
              if (before && before !== c.unit.status && !UNIT_TRANSITIONS[before].includes(c.unit.status)) violations.push(`unit ${before}->${c.unit.status}`);
              lastUnit.set(c.unit.id, c.unit.status);
            }
            if (c.kind === 'call' && mine.has(c.call.id)) {
              const before = lastCall.get(c.call.id)!;
              if (before !== c.call.status && !CALL_TRANSITIONS[before].includes(c.call.status)) violations.push(`call ${before}->${c.call.status}`);
              lastCall.set(c.call.id, c.call.status);
            }
          }
        };
        const unsubscribe = feed.subscribe({ batch: () => undefined, reset: () => undefined, change: watch });

        const perform = async (user: string, cmd: Command) => {
          const unitId = unitIds[cmd.op === 'finish' ? 0 : cmd.unit]!;
          try {
            switch (cmd.op) {
              case 'assign': {
                const v = cmd.withVersion ? (await commands.getUnit(unitId)).version : undefined;
                await commands.assign(user, callIds[cmd.call]!, { unitId, expectedVersion: v });
                break;
              }
              case 'unassign':
                await commands.unassign(user, callIds[cmd.call]!, unitId);
                break;
              case 'reassign': {
                const v = (await commands.getUnit(unitId)).version;
                await commands.reassign(user, { unitId, toCallId: callIds[cmd.call]!, expectedUnitVersion: v });
                break;
              }
              case 'status':
                await commands.setUnitStatus(user, unitId, { status: cmd.status, disposition: cmd.disposition });
                break;
              case 'finish':
                await commands.updateCall(user, callIds[cmd.call]!, { status: cmd.status, disposition: 'resolved_on_scene', reason: 'property test' });
                break;
            }
          } catch (err) {
            if (!(err instanceof DomainError)) throw err; // refusals are fine; crashes are not
          }
        };
        await Promise.all(
          users.map(async (cmds, i) => {
            for (const cmd of cmds) await perform(`user-${i}`, cmd);
          }),
        );

        const units = await Promise.all(unitIds.map((id) => commands.getUnit(id)));
        const finalCalls = await Promise.all(callIds.map((id) => commands.getCall(id)));
        const callById = new Map(finalCalls.map((c) => [c.id, c]));
        const holders = new Map<string, string[]>();
        for (const c of finalCalls) {
          if (!isOpenCall(c)) expect(c.assignedUnitIds, `finished call ${c.number} keeps units`).toEqual([]);
          for (const u of c.assignedUnitIds) holders.set(u, [...(holders.get(u) ?? []), c.id]);
        }
        for (const u of units as UnitDoc[]) {
          const on = holders.get(u.id) ?? [];
          expect(on.length, `unit ${u.id} is listed on ${on.length} calls`).toBeLessThanOrEqual(1);
          expect(u.currentCallId, `unit ${u.id} points to a call that does not list it`).toBe(on[0] ?? null);
          if (u.currentCallId) expect(isOpenCall(callById.get(u.currentCallId)!)).toBe(true);
          expect(['dispatched', 'enroute', 'onscene', 'transporting'].includes(u.status), `unit ${u.id} is ${u.status} with call ${u.currentCallId}`).toBe(
            u.currentCallId !== null,
          );
        }
        // Let the projection catch up so the watcher has seen every commit of this run.
        const target = Number(await server.redis.get(server.app.store.keys.seq));
        await expect.poll(() => feed.projection.seq, { timeout: 5000 }).toBeGreaterThanOrEqual(target);
        unsubscribe();
        expect(violations).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
