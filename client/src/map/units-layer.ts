import * as L from 'leaflet';
import type { Position } from '../../../shared/geo';
import type { Unit } from '../../../shared/unit';
import { unitPopup } from './popups';
import { UnitCanvas } from './unit-canvas';

interface Entry {
  /** The position last drawn, compared by identity: positions are replaced whole. */
  position: Position;
  /** The unit as last drawn. */
  unit: Unit;
}

/**
 * Every unit on one canvas (see unit-canvas.ts): this class feeds it the live units, telling
 * it only about units that moved or changed, and owns the unit popup.
 *
 * Units without a position are not drawn. Clicking a unit opens its popup (built from text
 * nodes); the popup follows the unit and is rebuilt when the unit's document changes.
 */
export class UnitsLayer {
  readonly #map: L.Map;
  readonly #canvas: UnitCanvas;
  readonly #entries = new Map<string, Entry>();
  readonly #popup: L.Popup;
  /** The unit whose popup is open, if any. */
  #popupUnitId: string | null = null;

  /**
   * `opts.radiusScale` draws every unit larger (the wall, read from a distance); default 1.
   * `opts.covered`: whether something drawn above the units (calls on their canvas) is under a
   * point; that takes the click, not the unit under it.
   */
  constructor(map: L.Map, opts: { radiusScale?: number; covered?: (containerPoint: L.Point) => boolean } = {}) {
    this.#map = map;
    this.#popup = L.popup({ className: 'board-popup' });
    this.#popup.on('remove', () => {
      this.#popupUnitId = null;
    });
    // `tolerance` widens the click target: units are small and often moving.
    this.#canvas = new UnitCanvas({
      radiusScale: opts.radiusScale ?? 1,
      tolerance: 4,
      onclick: (unit) => this.#open(unit),
      ...(opts.covered ? { covered: opts.covered } : {}),
    });
    this.#canvas.addTo(map);
  }

  update(units: ReadonlyMap<string, Unit>): void {
    for (const id of this.#entries.keys()) {
      if (units.get(id)?.position) continue;
      this.#entries.delete(id);
      this.#canvas.delete(id);
      if (this.#popupUnitId === id) this.#map.closePopup(this.#popup);
    }
    for (const unit of units.values()) {
      const position = unit.position;
      if (!position) continue;
      const entry = this.#entries.get(unit.id);
      // Unchanged units (the same object) cost one lookup: most of a batch is elsewhere.
      if (entry?.unit === unit) continue;
      const moved = entry?.position !== position;
      const docChanged =
        !entry ||
        entry.unit.version !== unit.version ||
        entry.unit.callsign !== unit.callsign ||
        entry.unit.status !== unit.status ||
        entry.unit.type !== unit.type;
      if (moved || docChanged) this.#canvas.set(unit, position.lat, position.lon);
      if (entry) {
        entry.unit = unit;
        entry.position = position;
      } else {
        this.#entries.set(unit.id, { unit, position });
      }
      if (this.#popupUnitId === unit.id) {
        if (moved) this.#popup.setLatLng([position.lat, position.lon]);
        if (docChanged) this.#popup.setContent(unitPopup(unit));
      }
    }
  }

  dispose(): void {
    this.#map.closePopup(this.#popup);
    this.#canvas.remove();
    this.#entries.clear();
  }

  #open(unit: Unit): void {
    const position = this.#entries.get(unit.id)?.position;
    if (!position) return;
    this.#popup.setLatLng([position.lat, position.lon]).setContent(unitPopup(unit));
    this.#popupUnitId = unit.id;
    this.#popup.openOn(this.#map);
  }
}
