import { z } from 'zod';
import { AssignmentSafety } from './assignment-safety';
import { TimerLimits } from './timers';
import { ShiftWindow, UnitType } from './unit';

/** What the board needs to know at start-up, served by GET /api/v1/config. */
export const ClientConfig = z.strictObject({
  /** Leaflet tile URL template; empty when the center runs without a tile server. */
  tileUrl: z.string(),
  tileAttribution: z.string(),
  /** Offline base layer: district outlines as GeoJSON, drawn under everything. */
  districtsUrl: z.string(),
  districtsAttribution: z.string(),
  center: z.strictObject({ lat: z.number(), lon: z.number() }),
  zoom: z.number(),
  /** The same limits the server uses, so the board shows overdue and missed check-ins. */
  timers: TimerLimits,
  /** Travel estimate used to sort free units by time to a call. */
  travel: z.strictObject({ streetFactor: z.number(), speedKmh: z.number() }),
  /** The service area's time zone: shift windows and hours of service are local time there. */
  timeZone: z.string(),
  /** Program hours per unit type, for units with no shift of their own. */
  hoursOfService: z.partialRecord(UnitType, ShiftWindow),
  /** Calls a civilian team may not go to without police: the unit picker warns before the click. */
  assignmentSafety: AssignmentSafety,
});
export type ClientConfig = z.infer<typeof ClientConfig>;
