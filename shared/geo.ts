import { z } from 'zod';

/** Latitude and longitude in WGS84 degrees; NaN, Infinity and out-of-range values are refused. */
export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);

/** A point in time as epoch milliseconds. Inputs may also send an ISO-8601 string. */
export const EpochMs = z.int().min(0);
export const TimeInput = z.union([EpochMs, z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso))]);
/** A time in a query string (text): epoch milliseconds or an ISO-8601 date-time with its offset. */
export const QueryTime = z.union([z.coerce.number().int().min(0), z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso))]);

export const Location = z.strictObject({
  lat: Latitude,
  lon: Longitude,
  address: z.string().trim().min(1).max(200).optional(),
});
export type Location = z.infer<typeof Location>;

/** Where a unit is. Positions are telemetry: last writer wins, they carry no version. */
export const Position = z.strictObject({
  lat: Latitude,
  lon: Longitude,
  heading: z.number().min(0).max(360).nullable(),
  at: EpochMs,
});
export type Position = z.infer<typeof Position>;

/** Great-circle distance in metres (haversine); good to well under 1% at city scale. */
export function distanceMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const R = 6_371_000;
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
