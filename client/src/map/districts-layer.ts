import * as L from 'leaflet';
import type { GeoJsonObject } from 'geojson';
import type { ClientConfig } from '../../../shared/client-config';

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

/**
 * The offline base layer: district outlines from GeoJSON, so the map is readable on a
 * dispatch floor with no tile server. Retries until it loads (the server may start after
 * the wall screen). `onload` receives the outlines' bounds (the service area) once they are
 * drawn. Returns a function that stops loading and removes the layer.
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
      onload?.(layer.getBounds());
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
