import type { CallSummary } from '../../../shared/changes';
import type { Unit } from '../../../shared/unit';
import type { CommandRunner } from '../lib/command-runner.svelte';
import { dropVerdict, type UnitDrag } from '../lib/drop-assign';
import type { LiveState } from '../lib/live-state.svelte';
import type { Session } from '../lib/session.svelte';

/** A busy unit dropped on a call by a supervisor, waiting for the confirmation. */
export interface PendingDropReassign {
  unit: Unit;
  call: CallSummary;
  /** The unit's version when the drag started. */
  version: number;
}

/**
 * Dropping a unit on a call, from the drop to the command: a free unit is assigned at once, a
 * busy one dropped by a supervisor waits for a confirmation (`pending`), anything else is
 * refused in the runner's words. The rules themselves are `dropVerdict`'s.
 */
export class DropAssignFlow {
  pending = $state.raw<PendingDropReassign | null>(null);

  readonly #live: LiveState;
  readonly #session: Session;
  readonly #runner: CommandRunner;
  readonly #open: (callId: string) => Promise<void>;

  /** `open` shows the call in the drawer first, so the drawer says what happened (or why nothing did). */
  constructor(deps: { live: LiveState; session: Session; runner: CommandRunner; open: (callId: string) => Promise<void> }) {
    this.#live = deps.live;
    this.#session = deps.session;
    this.#runner = deps.runner;
    this.#open = deps.open;
  }

  async drop(callId: string, drag: UnitDrag): Promise<void> {
    const call = this.#live.calls.get(callId);
    if (!call) return;
    const unit = this.#live.roster.get(drag.unitId);
    await this.#open(callId);
    const rights = { assign: this.#session.may('call:assign'), reassign: this.#session.may('unit:reassign') };
    const verdict = dropVerdict(unit, call, rights, (id) => this.#callName(id));
    if (verdict.kind === 'refuse' || !unit) {
      this.#runner.notice = null;
      this.#runner.error =
        verdict.kind === 'refuse' ? { code: verdict.code, message: verdict.reason } : { code: 'not_found', message: 'That unit is no longer on the roster.' };
      return;
    }
    if (verdict.kind === 'reassign') {
      this.pending = { unit, call, version: drag.version };
      return;
    }
    await this.#runner.run('call:assign', { callId, unitId: unit.id, expectedUnitVersion: drag.version }, `${unit.callsign} assigned`);
  }

  /** The supervisor confirmed, with an optional reason for both timelines. */
  async confirm(reason: string): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    await this.#runner.run(
      'unit:reassign',
      { unitId: pending.unit.id, toCallId: pending.call.id, expectedUnitVersion: pending.version, ...(reason ? { reason } : {}) },
      `${pending.unit.callsign} reassigned here`,
    );
  }

  cancel(): void {
    this.pending = null;
  }

  #callName(callId: string): string {
    const call = this.#live.calls.get(callId);
    return call ? `call ${call.number}` : 'another call';
  }
}
