import type { MhBlock, MhReason, YesNoUnknown } from '../../shared/call';
import { natureOf } from '../../shared/natures';

/** The keywords (lower case) of `keywords` that appear in `text`. */
export function matchKeywords(text: string, keywords: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return keywords.filter((k) => lower.includes(k));
}

function withReason(reasons: MhReason[], reason: MhReason): MhReason[] {
  return reasons.includes(reason) ? reasons : [...reasons, reason];
}

/** The MH block of a new call: flagged by its nature code and by keywords in its notes. */
export function initialMh(nature: string, notes: string, keywords: readonly string[], weapons: YesNoUnknown, violence: YesNoUnknown): MhBlock {
  let reasons: MhReason[] = [];
  if (natureOf(nature).mh) reasons = withReason(reasons, 'nature');
  const matched = matchKeywords(notes, keywords);
  if (matched.length > 0) reasons = withReason(reasons, 'keyword');
  return { flagged: reasons.length > 0, reasons, keywords: matched, weapons, violence, recommendation: null, unmetSince: null };
}

/** A note was added: keywords in it flag the call too. */
export function mhAfterNote(mh: MhBlock, note: string, keywords: readonly string[]): MhBlock {
  const matched = matchKeywords(note, keywords).filter((k) => !mh.keywords.includes(k));
  if (matched.length === 0) return mh;
  return { ...mh, flagged: true, reasons: withReason(mh.reasons, 'keyword'), keywords: [...mh.keywords, ...matched] };
}

/** A dispatcher set or cleared the flag by hand. Clearing keeps no reasons; the reason text goes to the notes. */
export function mhSetByDispatcher(mh: MhBlock, flagged: boolean): MhBlock {
  if (flagged) return { ...mh, flagged: true, reasons: withReason(mh.reasons, 'dispatcher') };
  return { ...mh, flagged: false, reasons: [], keywords: [], recommendation: null };
}

const REASON_WORDS: Record<MhReason, string> = {
  nature: 'nature code',
  keyword: 'keywords in notes',
  profile: 'safety profile',
  dispatcher: 'dispatcher',
};

/** "nature code, keywords in notes (voices)": why the call is flagged, for its timeline. */
export function describeMhReasons(mh: MhBlock): string {
  return mh.reasons.map((r) => (r === 'keyword' && mh.keywords.length ? `${REASON_WORDS[r]} (${mh.keywords.join(', ')})` : REASON_WORDS[r])).join(', ');
}
