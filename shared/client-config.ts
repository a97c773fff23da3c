import { z } from 'zod';

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
});
export type ClientConfig = z.infer<typeof ClientConfig>;
