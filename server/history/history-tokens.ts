import type { Call } from '../../shared/call';
import type { HistoryQuery } from '../../shared/history';
import { natureOf } from '../../shared/natures';

/** Address and label words kept per call at most: a bound on what one call adds to the index. */
const MAX_WORDS = 40;

/**
 * The words of a text as history search matches them: lower case, accents dropped, split on
 * anything but letters, digits and inner hyphens ("2026-000123" stays one word).
 */
export function wordsOf(text: string): string[] {
  const plain = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const words = plain.split(/[^\p{L}\p{N}-]+/u).map((w) => w.replace(/^-+|-+$/g, ''));
  return [...new Set(words.filter((w) => w.length > 0 && w.length <= 40))];
}

/** "2026-000123" is found by all of itself, "000123" and "123": what a dispatcher may type. */
function numberWords(number: string): string[] {
  const serial = /-(\d+)$/.exec(number)?.[1];
  return serial ? [number.toLowerCase(), serial, String(Number(serial))] : [number.toLowerCase()];
}

/**
 * The index entries of a finished call. `w:` words come from the number, address, nature code
 * and label and the callsigns of the units that were on it; the rest are exact filters (nature,
 * unit, MH flag, status). A search matches the calls that have every token it asks for.
 */
export function historyTokensOf(call: Call): string[] {
  const words = [
    ...numberWords(call.number),
    ...wordsOf(call.location.address ?? '').slice(0, MAX_WORDS),
    ...wordsOf(`${call.nature} ${natureOf(call.nature).label}`),
    ...(call.servedBy ?? []).flatMap((s) => wordsOf(s.callsign)),
  ];
  const tokens = new Set(words.map((w) => `w:${w}`));
  tokens.add(`n:${call.nature.toLowerCase()}`);
  for (const s of call.servedBy ?? []) tokens.add(`u:${s.unitId}`);
  tokens.add(call.mh.flagged ? 'mh:yes' : 'mh:no');
  tokens.add(`s:${call.status}`);
  return [...tokens];
}

/** The tokens a search asks for: each of them must be on a call for it to match. */
export function queryTokensOf(q: HistoryQuery): string[] {
  const tokens = new Set((q.q ? wordsOf(q.q) : []).map((w) => `w:${w}`));
  if (q.nature) tokens.add(`n:${q.nature.toLowerCase()}`);
  if (q.unit) tokens.add(`u:${q.unit}`);
  if (q.mh) tokens.add(`mh:${q.mh}`);
  if (q.status !== 'finished') tokens.add(`s:${q.status}`);
  return [...tokens];
}
