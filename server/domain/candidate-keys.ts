import type { Unit, UnitType } from '../../shared/unit';

/**
 * The groups a free unit is ranked in, by key: its type ("law"), its type with ":cit" when
 * CIT-trained, and its type with ":lang:<language>" for each language it speaks. The candidate
 * pool keeps a spatial index per key, so "the nearest CIT officers" walks only CIT officers (a
 * filter over every officer walked the whole fleet when none was trained); and a call's horizon
 * (recommendation.ts) is kept per key, so the watch knows which units can change which lists.
 */
export const candidateKeys = (u: Pick<Unit, 'type' | 'capabilities'>): string[] => [
  u.type,
  ...(u.capabilities.cit ? [citKey(u.type)] : []),
  ...u.capabilities.languages.map((l) => languageKey(u.type, l)),
];

export const citKey = (type: UnitType): string => `${type}:cit`;

/** Language names compared without case or surrounding spaces: "spanish " is "Spanish". */
export const languageKey = (type: UnitType, language: string): string => `${type}:lang:${language.trim().toLowerCase()}`;
