import * as L from 'leaflet';
import type { GeoJsonObject } from 'geojson';
import type { ClientConfig } from '../../../shared/client-config';
import { coreArea, type Box } from './core-area';

/** A pane between tiles (200) and overlays (400): outlines sit under every unit and call. */
const PANE = 'districts';

const STYLE: L.PathOptions = {
  color: '#9fb3c8',
  weight: 1,
  opacity: 0.55,
  fillColor: '#2a3b52',
  fillOpacity: 0.18,
  interactive: false,
};

/** The bounds a screen frames: the service area's core districts (see coreArea). */
function frameOf(layer: L.GeoJSON, config: ClientConfig): L.LatLngBounds {
  const boxes: Box[] = [];
  for (const part of layer.getLayers()) {
    if (!(part instanceof L.Polyline)) continue; // polygons are polylines in Leaflet
    const b = part.getBounds();
    boxes.push({ south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() });
  }
  const core = coreArea(boxes, config.center);
  return core ? L.latLngBounds([core.south, core.west], [core.north, core.east]) : layer.getBounds();
}

/**
 * The offline base layer: district outlines from GeoJSON, so the map is readable on a
 * dispatch floor with no tile server. Retries until it loads (the server may start after
 * the wall screen). `onload` receives the bounds to frame (the service area's core) once they
 * are drawn. Returns a function that stops loading and removes the layer.
 */
export function addDistricts(map: L.Map, config: ClientConfig, onload?: (bounds: L.LatLngBounds) => void): () => void {
  if (!map.getPane(PANE)) map.createPane(PANE).style.zIndex = '250';
  const controller = new AbortController();
  let layer: L.GeoJSON | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delayMs = 2_000;

  const load = async (): Promise<void> => {
    try {
      const response = await fetch(config.districtsUrl, { signal: controller.signal });
      if (!response.ok) throw new Error(`districts: HTTP ${response.status}`);
      const data = (await response.json()) as GeoJsonObject;
      if (controller.signal.aborted) return;
      layer = L.geoJSON(data, { pane: PANE, style: () => STYLE }).addTo(map);
      onload?.(frameOf(layer, config));
    } catch (error) {
      if (controller.signal.aborted) return;
      console.warn('Could not load district outlines; retrying', error);
      retry = setTimeout(() => void load(), delayMs);
      delayMs = Math.min(delayMs * 2, 30_000);
    }
  };
  if (config.districtsUrl) void load();

  return () => {
    controller.abort();
    if (retry !== undefined) clearTimeout(retry);
    layer?.remove();
  };
}
