import { describe, expect, it } from 'vitest';
import type { SettledCommand } from '../../client/src/lib/command-runner.svelte';
import { focusAfter } from '../../client/src/panel/drawer/drawer-focus';

/** A settled command with only the fields focusAfter reads (the rest of a Call does not matter here). */
const settled = (name: string, payload: object, data: object | null): SettledCommand => ({ name, payload, data }) as unknown as SettledCommand;

describe('where keyboard focus goes in the call drawer after a command', () => {
  it('goes to the status actions of a unit just sent, once its row is drawn', () => {
    const target = focusAfter(settled('call:assign', { callId: 'c1', unitId: 'u1' }, { call: {}, unit: {} }));
    expect(target?.ready).toBe('[data-testid="assigned-unit"][data-unit-id="u1"]');
    expect(target?.controls[0]).toBe('[data-testid="assigned-unit"][data-unit-id="u1"] [data-testid="unit-status"]');
  });

  it('after a status change, waits for the row in that status (the live change, not the answer)', () => {
    const target = focusAfter(settled('unit:setStatus', { unitId: 'u1', status: 'onscene' }, { unit: {}, call: { status: 'onscene' } }));
    expect(target?.ready).toBe('[data-testid="assigned-unit"][data-unit-id="u1"][data-status="onscene"]');
  });

  it('a call that ended offers the drawer’s Close; one back in the queue, the unit picker', () => {
    const closed = focusAfter(settled('unit:setStatus', { unitId: 'u1', status: 'available' }, { unit: {}, call: { status: 'closed' } }));
    expect(closed?.controls).toEqual(['[data-testid="call-gone-close"]']);
    const back = focusAfter(settled('unit:setStatus', { unitId: 'u1', status: 'available' }, { unit: {}, call: { status: 'pending' } }));
    expect(back?.controls).toEqual(['[data-testid="picker-search"]']);
    const byHand = focusAfter(settled('call:update', { callId: 'c1', patch: { status: 'cancelled' } }, { status: 'cancelled' }));
    expect(byHand?.ready).toBe('[data-testid="call-gone"]');
  });

  it('stays in the note field after a note', () => {
    expect(focusAfter(settled('call:note', { callId: 'c1', text: 'x' }, {}))?.controls).toEqual(['[data-testid="note-text"]']);
  });

  it('goes back to the control used when the command was refused, or has no next step', () => {
    expect(focusAfter(settled('call:assign', { callId: 'c1', unitId: 'u1' }, null))).toBeNull();
    expect(focusAfter(settled('call:update', { callId: 'c1', patch: { priority: 2 } }, {}))).toBeNull();
    expect(focusAfter(settled('unit:checkIn', { unitId: 'u1' }, {}))).toBeNull();
  });

  it('quotes ids in selectors', () => {
    const target = focusAfter(settled('call:assign', { callId: 'c1', unitId: 'a"b\\c' }, {}));
    expect(target?.ready).toBe('[data-testid="assigned-unit"][data-unit-id="a\\"b\\\\c"]');
  });
});
