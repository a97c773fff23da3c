/** A latitude/longitude box. */
export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** How far from the service area's centre a district may lie and still frame the map. */
export const CORE_KM = 15;

const KM_PER_DEGREE_LAT = 111.2;

/**
 * The part of the service area a screen should frame: the districts whose middle lies within
 * `km` of the centre. A far arm (Denver's airport, 25 km out on a thin corridor) would otherwise
 * squeeze the city into half the map; calls out there still widen the view (AutoFit covers
 * open calls). All districts when none is that close (a centre set elsewhere).
 */
export function coreArea(districts: readonly Box[], center: { lat: number; lon: number }, km = CORE_KM): Box | null {
  const kmPerDegreeLon = KM_PER_DEGREE_LAT * Math.cos((center.lat * Math.PI) / 180);
  const near = districts.filter((d) => {
    const dy = ((d.south + d.north) / 2 - center.lat) * KM_PER_DEGREE_LAT;
    const dx = ((d.west + d.east) / 2 - center.lon) * kmPerDegreeLon;
    return Math.hypot(dx, dy) <= km;
  });
  const chosen = near.length > 0 ? near : districts;
  if (chosen.length === 0) return null;
  return chosen.reduce((a, b) => ({
    south: Math.min(a.south, b.south),
    west: Math.min(a.west, b.west),
    north: Math.max(a.north, b.north),
    east: Math.max(a.east, b.east),
  }));
}
