import type { Call, Recommendation, ResponseModel } from '../../shared/call';
import type { CommandContext } from './context';
import { sameRecommendation, type RecommendResult } from './recommendation';
import { nextCall } from './stamp';

/** Who the recommender's changes are by: automatic advice, not a person's decision. */
export const RECOMMENDER_ACTOR = 'recommender';

const MODEL_WORDS: Record<ResponseModel, string> = {
  alternative: 'Recommended crisis team alone',
  co_response: 'Recommended co-responder with police',
  police_cit: 'Recommended police with a CIT officer',
};

/**
 * What to write after recomputing a call's recommendation. The ranked units change as units
 * move and go only to the call's advisory `rec` field; the call document (and its version)
 * changes only when the response model changes (a timeline line) or when the call first finds
 * no team free (it then counts as unmet demand).
 */
export function recordRecommendation(call: Call, result: RecommendResult | null, ctx: CommandContext): { recommendation?: Recommendation | null; call?: Call } {
  const next = result?.recommendation ?? null;
  const out: { recommendation?: Recommendation | null; call?: Call } = {};
  if (!sameRecommendation(call.mh.recommendation, next)) out.recommendation = next;

  const modelChanged = next !== null && next.model !== call.mh.recommendation?.model;
  const newlyUnmet = result?.unmet === true && call.mh.unmetSince === null;
  if (modelChanged || newlyUnmet) {
    out.call = nextCall(
      call,
      ctx,
      { mh: { ...call.mh, unmetSince: newlyUnmet ? ctx.now : call.mh.unmetSince } },
      modelChanged ? [['recommended', `${MODEL_WORDS[next.model]}: ${next.rationale}`]] : [],
    );
  }
  return out;
}
