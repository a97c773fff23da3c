import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { UnitDoc } from '../../shared/unit';
import { assignUnit, unassignUnit } from '../../server/domain/assignments';
import { newCall, patchCall } from '../../server/domain/calls';
import { DomainError } from '../../server/domain/errors';
import { nextCall } from '../../server/domain/stamp';
import { setUnitStatus } from '../../server/domain/units';

const T0 = 1_800_000_000_000;
const ctx = (by = 'disp-a', now = T0) => ({ by, now });
const keywords = ['voices', 'suicid'];

function call(over: Partial<Call> = {}): Call {
  return {
    ...newCall(
      { nature: 'EDP', priority: 2, location: { lat: 39.7, lon: -104.9 } },
      { id: 'c1', number: '2026-000001' },
      keywords,
      ctx('cad', T0 - 60_000),
      'cad',
    ),
    ...over,
  };
}
function unit(over: Partial<UnitDoc> = {}): UnitDoc {
  return {
    id: 'u1',
    callsign: 'CR1',
    type: 'co_responder',
    status: 'available',
    statusSince: T0 - 3_600_000,
    currentCallId: null,
    capabilities: { cit: false, clinician: true, paramedic: false, languages: [] },
    shift: null,
    version: 4,
    updatedAt: T0 - 5_000,
    updatedBy: 'supervisor-b',
    lastCheckInAt: null,
    ...over,
  };
}
function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('assigning units', () => {
  it('dispatches a free unit and the pending call, bumping both versions', () => {
    const out = assignUnit(call(), unit(), 4, ctx())!;
    expect(out.unit).toMatchObject({ status: 'dispatched', currentCallId: 'c1', version: 5, updatedBy: 'disp-a', statusSince: T0 });
    expect(out.call).toMatchObject({ status: 'dispatched', assignedUnitIds: ['u1'], version: 2 });
  });

  it('refuses a unit already on another call', () => {
    const err = refusal(() => assignUnit(call(), unit({ status: 'enroute', currentCallId: 'c9' }), undefined, ctx()));
    expect(err.code).toBe('unit_busy');
  });

  it('refuses a command made on a stale view, naming who changed the unit and when', () => {
    const err = refusal(() => assignUnit(call(), unit(), 3, ctx()));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('unit CR1 was changed by supervisor-b 5 s ago, after you looked; look again and retry');
  });

  it('refuses out-of-service units and closed calls', () => {
    expect(refusal(() => assignUnit(call(), unit({ status: 'out_of_service' }), undefined, ctx())).code).toBe('transition_forbidden');
    expect(refusal(() => assignUnit(call({ status: 'closed' }), unit(), undefined, ctx())).code).toBe('transition_forbidden');
  });

  it('treats assigning a unit to the call it is on as nothing to do', () => {
    expect(assignUnit(call({ assignedUnitIds: ['u1'] }), unit({ status: 'enroute', currentCallId: 'c1' }), undefined, ctx())).toBeNull();
  });

  it('returns a call to pending when its only unit is taken off', () => {
    const out = unassignUnit(call({ status: 'enroute', assignedUnitIds: ['u1'] }), unit({ status: 'enroute', currentCallId: 'c1' }), ctx());
    expect(out.call).toMatchObject({ status: 'pending', assignedUnitIds: [] });
    expect(out.unit).toMatchObject({ status: 'available', currentCallId: null });
  });
});

describe('unit status', () => {
  const onCall = () => ({ c: call({ status: 'dispatched', assignedUnitIds: ['u1', 'u2'] }), u: unit({ status: 'dispatched', currentCallId: 'c1' }) });

  it('rolls the first unit en route and on scene up to the call', () => {
    const { c, u } = onCall();
    const enroute = setUnitStatus(u, c, 'enroute', undefined, ctx());
    expect(enroute.call!.status).toBe('enroute');
    const onscene = setUnitStatus(enroute.unit, enroute.call, 'onscene', undefined, ctx());
    expect(onscene.call!.status).toBe('onscene');
    const transporting = setUnitStatus(onscene.unit, onscene.call, 'transporting', undefined, ctx()).call!;
    expect(transporting.status).toBe('onscene');
    expect(transporting.timeline.slice(-3).map((e) => [e.kind, e.text])).toEqual([
      ['unit_status', 'CR1 en route'],
      ['unit_status', 'CR1 on scene'],
      ['unit_status', 'CR1 transporting'],
    ]);
  });

  it('frees a unit that clears, leaving the call with its other unit', () => {
    const { c, u } = onCall();
    const out = setUnitStatus(u, c, 'available', undefined, ctx());
    expect(out.unit).toMatchObject({ status: 'available', currentCallId: null });
    expect(out.call).toMatchObject({ status: 'dispatched', assignedUnitIds: ['u2'] });
  });

  it('names the allowed moves when refusing one', () => {
    const err = refusal(() => setUnitStatus(unit(), null, 'onscene', undefined, ctx()));
    expect(err.code).toBe('transition_forbidden');
    expect(err.details).toMatchObject({ from: 'available', to: 'onscene', allowed: ['dispatched', 'out_of_service', 'off_duty'] });
  });

  it('refuses dispatching without a call', () => {
    expect(refusal(() => setUnitStatus(unit(), null, 'dispatched', undefined, ctx())).message).toMatch(/assigning it to a call/);
  });
});

describe('patching calls', () => {
  it('closing a call clears every unit on it', () => {
    const units = [unit({ status: 'onscene', currentCallId: 'c1' }), unit({ id: 'u2', status: 'transporting', currentCallId: 'c1' })];
    const out = patchCall(
      call({ status: 'onscene', assignedUnitIds: ['u1', 'u2'] }),
      units,
      { status: 'closed', disposition: 'referred' },
      keywords,
      undefined,
      ctx(),
    );
    expect(out.call).toMatchObject({ status: 'closed', assignedUnitIds: [], disposition: 'referred' });
    expect(out.call.timeline.at(-1)).toMatchObject({ kind: 'status', text: 'Closed: referred', by: 'disp-a' });
    expect(out.units.map((u) => [u.id, u.status, u.currentCallId])).toEqual([
      ['u1', 'available', null],
      ['u2', 'available', null],
    ]);
  });

  it('asks for a disposition to close and a reason to reopen', () => {
    expect(refusal(() => patchCall(call(), [], { status: 'closed' }, keywords, undefined, ctx())).message).toMatch(/needs a disposition/);
    const closed = call({ status: 'closed', disposition: 'unfounded' });
    expect(refusal(() => patchCall(closed, [], { status: 'pending' }, keywords, undefined, ctx())).message).toMatch(/needs a reason/);
    const reopened = patchCall(closed, [], { status: 'pending', reason: 'caller rang again' }, keywords, undefined, ctx('sup-c')).call;
    expect(reopened).toMatchObject({ status: 'pending', disposition: null });
    expect(reopened.timeline.at(-1)).toMatchObject({ kind: 'reopened', by: 'sup-c', text: 'Reopened: caller rang again' });
  });

  it('flags the call when a new note holds an MH keyword', () => {
    const c = newCall({ nature: 'THEFT', priority: 4, location: { lat: 39.7, lon: -104.9 } }, { id: 'c2', number: 'n' }, keywords, ctx(), 'cad');
    expect(c.mh.flagged).toBe(false);
    const out = patchCall(c, [], { note: 'Caller adds he hears Voices' }, keywords, undefined, ctx());
    expect(out.call.mh).toMatchObject({ flagged: true, reasons: ['keyword'], keywords: ['voices'] });
  });

  it("is not made stale by the recommender's advice, only by people's changes", () => {
    const seen = call();
    // Tandem adds its recommendation to the timeline: version 2, by the system.
    const advised = nextCall(seen, { ...ctx('recommender', T0 + 1_000), system: true }, {}, [['recommended', 'Recommended crisis team alone']]);
    expect(advised.version).toBe(seen.version + 1);
    // A dispatcher who saw version 1 changes the priority: accepted.
    const raised = patchCall(advised, [], { priority: 1 }, keywords, seen.version, ctx('disp-a', T0 + 2_000)).call;
    expect(raised).toMatchObject({ priority: 1, version: 3, editedVersion: 3 });
    // Another who also saw version 1 is refused: a person changed it since, and is named.
    const stale = refusal(() => patchCall(raised, [], { priority: 4 }, keywords, seen.version, ctx('disp-b', T0 + 3_000)));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/changed by disp-a/);
    // A version from the future is no view at all.
    expect(refusal(() => patchCall(raised, [], { priority: 4 }, keywords, 9, ctx())).code).toBe('conflict');
  });

  it('refuses setting a unit-driven status by hand', () => {
    expect(refusal(() => patchCall(call(), [], { status: 'dispatched' }, keywords, undefined, ctx())).message).toMatch(/through its units/);
  });
});
