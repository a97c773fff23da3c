import { z } from 'zod';

/**
 * Unicode's bidirectional-control characters: the embeddings and overrides U+202A-U+202E
 * (LRE, RLE, PDF, LRO, RLO), the isolates U+2066-U+2069 (LRI, RLI, FSI, PDI), the marks U+200E
 * and U+200F (LRM, RLM) and the Arabic letter mark U+061C. They are invisible, and one of them
 * in a callsign ("\u202E" + "7-RATS") makes the screen show a different callsign than the one
 * stored, or reorders the text around it.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** The text with every bidirectional-control character removed. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** True when the text holds at least one bidirectional-control character. */
export const hasBidiControls = (text: string): boolean => new RegExp(BIDI_CONTROLS.source).test(text);

/**
 * A short name people read on every screen (a callsign, a household member's name): bidi controls
 * are stripped, then the value is trimmed and its length checked, so a name of nothing but
 * controls is refused as empty and the length limit counts only what is shown.
 *
 * Stripping, not refusing: these names mostly arrive from integrations (CAD's unit roster, a
 * profile import), which send what their own system holds and cannot be asked to fix it on the
 * spot; a refusal would leave a unit off the board or a whole household import undone for an
 * invisible character nobody meant. The characters carry no meaning in a name, so dropping
 * them loses nothing. (Sign-in names and key names, which people type in the admin pages, are
 * already refused with a 400 naming the field: their patterns allow only ASCII.)
 *
 * `.overwrite` keeps it a plain string schema (its JSON Schema, for the OpenAPI document, is
 * unchanged), and checks after it see the stripped text.
 */
export const nameText = (min: number, max: number) => z.string().overwrite(stripBidiControls).trim().min(min).max(max);
