import { DESTINATION_TYPE_LABEL, DESTINATION_TYPES, type Destination } from '../../../shared/destination';
import { distanceMetres } from '../../../shared/geo';

/**
 * Pure rules for showing transport destinations: which to offer first, and how their beds read.
 * Kept free of Svelte and Leaflet so they are unit-tested.
 */

export interface DestinationChoice {
  destination: Destination;
  /** Straight-line metres from the unit; null when the unit's position is not known. */
  metres: number | null;
}

/**
 * Destinations nearest first from where the unit is (a transport goes to the closest place that
 * takes the person); with no known position, by name. Ties keep name order so the list is stable.
 */
export function byDistance(destinations: Iterable<Destination>, from: { lat: number; lon: number } | null): DestinationChoice[] {
  const byName = [...destinations].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const choices = byName.map((destination) => ({ destination, metres: from ? distanceMetres(from, destination.location) : null }));
  return from ? choices.sort((a, b) => a.metres! - b.metres!) : choices;
}

/** The coordinator's list: by type (crisis units first, emergency departments last), then name. */
export function byTypeThenName(destinations: Iterable<Destination>): Destination[] {
  const rank = (d: Destination) => DESTINATION_TYPES.indexOf(d.type);
  return [...destinations].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * The newer of what the live feed holds and what this screen's own command was answered with:
 * the answer can arrive before the live change, and a second click must not be made on the
 * version the first one already replaced.
 */
export function newer(live: Destination, answered: Destination | undefined): Destination {
  return answered && answered.id === live.id && answered.version > live.version ? answered : live;
}

/** "3 free beds", "1 free bed", "No free beds" or "Beds not known": words, so colour is never the only cue. */
export function bedsText(freeBeds: number | null): string {
  if (freeBeds === null) return 'Beds not known';
  if (freeBeds === 0) return 'No free beds';
  return `${freeBeds} free bed${freeBeds === 1 ? '' : 's'}`;
}

/** The count on a map marker: the number, or "?" when nobody has said. */
export const bedsBadge = (freeBeds: number | null): string => (freeBeds === null ? '?' : String(freeBeds));

/** How old a bed count is, in words: a count from hours ago is a guess, and the screen must say so. */
export function countAge(bedsUpdatedAt: number | null, now: number): string {
  if (bedsUpdatedAt === null) return 'never updated';
  const minutes = Math.floor(Math.max(0, now - bedsUpdatedAt) / 60_000);
  if (minutes < 1) return 'updated just now';
  if (minutes < 90) return `updated ${minutes} min ago`;
  return `updated ${Math.round(minutes / 60)} h ago`;
}

/** A distance for a list row: "800 m", "2.4 km". */
export function distanceText(metres: number): string {
  return metres < 1000 ? `${Math.round(metres / 100) * 100} m` : `${(metres / 1000).toFixed(1)} km`;
}

/** One letter per type for the map marker (the popup and legend give the words). */
export const DESTINATION_GLYPH: Readonly<Record<Destination['type'], string>> = {
  crisis_stabilization: 'C',
  walk_in_crisis: 'W',
  detox: 'D',
  psychiatric_hospital: 'P',
  hospital_er: 'H',
};

/** The type in a word or two, for the legend's key beside the letters. */
export const DESTINATION_SHORT_LABEL: Readonly<Record<Destination['type'], string>> = {
  crisis_stabilization: 'crisis unit',
  walk_in_crisis: 'walk-in',
  detox: 'detox',
  psychiatric_hospital: 'psychiatric',
  hospital_er: 'emergency dept',
};

/** A name for a marker or a list row that says what its shape and badge say. */
export function describeDestination(d: Destination): string {
  return `${d.name}, ${DESTINATION_TYPE_LABEL[d.type]}, ${bedsText(d.freeBeds)}`;
}
