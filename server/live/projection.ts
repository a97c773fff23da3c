import type { Call } from '../../shared/call';
import { isOpenCall } from '../../shared/call';
import { mergeCallChange, withRecommendation, type CommittedChange, type LiveState } from '../../shared/changes';
import type { Destination } from '../../shared/destination';
import type { Unit } from '../../shared/unit';

/**
 * The in-memory copy of the live state that this server instance serves from. It is loaded once
 * from Redis and then changed only by applying the change stream in order, so every instance
 * that tails the same stream holds the same state at the same sequence number.
 */
export class Projection {
  readonly calls = new Map<string, Call>();
  readonly units = new Map<string, Unit>();
  readonly destinations = new Map<string, Destination>();
  seq = 0;
  /** The history id the sequence numbers belong to (see Keys.history). */
  history = '';

  load(state: LiveState & { history: string }): void {
    this.history = state.history;
    this.calls.clear();
    this.units.clear();
    this.destinations.clear();
    for (const c of state.calls) this.calls.set(c.id, c);
    for (const u of state.units) this.units.set(u.id, u);
    for (const d of state.destinations) this.destinations.set(d.id, d);
    this.seq = state.seq;
  }

  /** Applies one committed change; one already applied (seq not above ours) is ignored. */
  apply(change: CommittedChange): boolean {
    if (change.seq <= this.seq) return false;
    for (const c of change.changes) {
      switch (c.kind) {
        case 'call':
          if (isOpenCall(c.call)) this.calls.set(c.call.id, mergeCallChange(this.calls.get(c.call.id), c.call));
          else this.calls.delete(c.call.id);
          break;
        case 'recommendation': {
          const call = this.calls.get(c.callId);
          if (call) this.calls.set(c.callId, withRecommendation(call, c.recommendation));
          break;
        }
        case 'unit':
          this.units.set(c.unit.id, { ...c.unit, position: this.units.get(c.unit.id)?.position ?? null });
          break;
        case 'position': {
          const unit = this.units.get(c.unitId);
          if (unit) this.units.set(c.unitId, { ...unit, position: c.position });
          break;
        }
        case 'destination':
          this.destinations.set(c.destination.id, c.destination);
          break;
      }
    }
    this.seq = change.seq;
    return true;
  }

  snapshot(): LiveState {
    return { seq: this.seq, calls: [...this.calls.values()], units: [...this.units.values()], destinations: [...this.destinations.values()] };
  }
}
