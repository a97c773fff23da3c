import * as L from 'leaflet';
import type { Position } from '../../../shared/geo';
import type { Unit } from '../../../shared/unit';
import { availabilityOf } from '../lib/board-order';
import { OFF_COLOUR, UNIT_STYLE } from '../lib/palette';
import { unitPopup } from './popups';
import { ShapeMarker } from './shape-marker';

interface Entry {
  marker: ShapeMarker;
  /** The unit as last drawn; the popup reads it when opened. */
  unit: Unit;
  /** The position last drawn, compared by identity: positions are replaced whole. */
  position: Position;
  /** Type and status last drawn: style only changes when these do. */
  styleKey: string;
}

/** Available units are solid; busy ones hollow (dimmed fill, coloured ring); off ones grey and dashed. */
function styleFor(unit: Unit): L.PathOptions {
  const { colour } = UNIT_STYLE[unit.type];
  switch (availabilityOf(unit.status)) {
    case 'free':
      return { color: '#ffffff', weight: 1.5, opacity: 0.9, fillColor: colour, fillOpacity: 0.95, dashArray: undefined };
    case 'busy':
      return { color: colour, weight: 2, opacity: 0.9, fillColor: colour, fillOpacity: 0.25, dashArray: undefined };
    case 'off':
      return { color: OFF_COLOUR, weight: 1, opacity: 0.6, fillColor: OFF_COLOUR, fillOpacity: 0.15, dashArray: '2 2' };
  }
}

/**
 * Every unit on one canvas, updated in place: a marker is created once per unit and then
 * only moved or restyled, so a frame with thousands of position changes costs one redraw.
 */
export class UnitsLayer {
  readonly #map: L.Map;
  readonly #renderer: L.Canvas;
  readonly #entries = new Map<string, Entry>();

  readonly #radiusScale: number;

  /** `opts.radiusScale` draws every unit larger (the wall, read from a distance); default 1. */
  constructor(map: L.Map, opts: { radiusScale?: number } = {}) {
    this.#map = map;
    this.#radiusScale = opts.radiusScale ?? 1;
    // `tolerance` widens the click target: units are small and often moving.
    this.#renderer = L.canvas({ padding: 0.5, tolerance: 4 });
  }

  update(units: ReadonlyMap<string, Unit>): void {
    for (const [id, entry] of this.#entries) {
      const unit = units.get(id);
      // Units without a position cannot be drawn; a type change needs a new shape.
      if (!unit || !unit.position || unit.type !== entry.unit.type) this.#remove(id, entry);
    }
    let addedCircles = false;
    for (const unit of units.values()) {
      if (!unit.position) continue;
      const entry = this.#entries.get(unit.id);
      if (entry) this.#refresh(entry, unit, unit.position);
      else addedCircles = this.#add(unit, unit.position) || addedCircles;
    }
    // The canvas draws in insertion order: co-response units go back on top of any
    // police/EMS/fire marker added after them, so crowds never hide them.
    if (addedCircles) {
      for (const entry of this.#entries.values()) {
        if (entry.marker.options.shape !== 'circle') entry.marker.bringToFront();
      }
    }
  }

  dispose(): void {
    for (const [id, entry] of this.#entries) this.#remove(id, entry);
  }

  /** Adds a marker; true when it is a plain circle (drawn under co-response shapes). */
  #add(unit: Unit, position: Position): boolean {
    const { shape, radius } = UNIT_STYLE[unit.type];
    const marker = new ShapeMarker([position.lat, position.lon], {
      renderer: this.#renderer,
      shape,
      radius: radius * this.#radiusScale,
      ...styleFor(unit),
    });
    const entry: Entry = { marker, unit, position, styleKey: `${unit.type}/${unit.status}` };
    marker.bindPopup(() => unitPopup(entry.unit), { className: 'board-popup' });
    marker.addTo(this.#map);
    if (shape !== 'circle') marker.bringToFront();
    this.#entries.set(unit.id, entry);
    return shape === 'circle';
  }

  #refresh(entry: Entry, unit: Unit, position: Position): void {
    if (position !== entry.position) {
      entry.marker.setLatLng([position.lat, position.lon]);
      entry.position = position;
    }
    const styleKey = `${unit.type}/${unit.status}`;
    if (styleKey !== entry.styleKey) {
      entry.marker.setStyle(styleFor(unit));
      entry.styleKey = styleKey;
    }
    const docChanged = unit.version !== entry.unit.version || unit.callsign !== entry.unit.callsign;
    entry.unit = unit;
    if (docChanged && entry.marker.isPopupOpen()) entry.marker.setPopupContent(unitPopup(unit));
  }

  #remove(id: string, entry: Entry): void {
    entry.marker.remove();
    this.#entries.delete(id);
  }
}
