import { summarize, toPositionTuple, type Change, type ChangeBatch, type LiveChange, type PositionTuple } from '../../shared/changes';

/**
 * What screens receive for a run of merged changes: calls as summaries (the drawer fetches the
 * rest), unit documents and advice as they are, and positions as compact tuples apart from the
 * rest (they are most of a moving city's traffic).
 */
export function toLiveBatch(from: number, to: number, changes: readonly Change[]): ChangeBatch {
  const live: LiveChange[] = [];
  const positions: PositionTuple[] = [];
  for (const c of changes) {
    if (c.kind === 'position') positions.push(toPositionTuple(c.unitId, c.position));
    else if (c.kind === 'call') live.push({ kind: 'call', call: summarize(c.call) });
    else live.push(c);
  }
  return positions.length > 0 ? { from, to, changes: live, positions } : { from, to, changes: live };
}
