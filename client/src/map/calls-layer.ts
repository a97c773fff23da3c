import * as L from 'leaflet';
import type { CallSummary } from '../../../shared/changes';
import { natureOf } from '../../../shared/natures';
import type { Unit } from '../../../shared/unit';
import { el } from '../lib/dom';
import { CALL_STATUS_LABEL } from '../lib/labels';
import { callPopup } from './popups';

interface Entry {
  marker: L.Marker;
  call: CallSummary;
  /** What the icon shows; the icon is rebuilt only when this changes. */
  iconKey: string;
}

const ICON_SIZE = 30;

/** A name for the marker that says what the shape and colour say. */
function describe(call: CallSummary): string {
  const mh = call.mh.flagged ? ', mental-health call' : '';
  return `Priority ${call.priority} ${natureOf(call.nature).label}, ${CALL_STATUS_LABEL[call.status]}${mh}`;
}

/**
 * The marker element, built node by node (never from a string). Shape and glyph come from
 * the classes and app.css: MH calls are a diamond with a halo and a Ψ badge, other calls a
 * round badge; both show the priority number.
 */
function callElement(call: CallSummary, selected: boolean, pulse: boolean): HTMLElement {
  const root = el('div', `call-marker call-marker--p${call.priority} call-marker--${call.status}`);
  if (call.mh.flagged) root.classList.add('call-marker--mh');
  // A ring that grows and fades behind the diamond (call-pulse.css; still under reduced motion).
  if (pulse && call.mh.flagged) {
    root.classList.add('call-marker--pulse');
    root.append(el('span', 'call-marker__pulse'));
  }
  if (selected) root.classList.add('call-marker--selected');
  root.dataset['callId'] = call.id;
  root.dataset['priority'] = String(call.priority);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', describe(call));
  root.append(el('span', 'call-marker__shape'), el('span', 'call-marker__priority', String(call.priority)));
  if (call.mh.flagged) {
    const glyph = el('span', 'call-marker__glyph', 'Ψ');
    glyph.setAttribute('aria-hidden', 'true');
    root.append(glyph);
  }
  return root;
}

function iconFor(call: CallSummary, selected: boolean, pulse: boolean): L.DivIcon {
  return L.divIcon({
    html: callElement(call, selected, pulse),
    // Our own class replaces Leaflet's default white box.
    className: 'call-icon',
    iconSize: [ICON_SIZE, ICON_SIZE],
    iconAnchor: [ICON_SIZE / 2, ICON_SIZE / 2],
    popupAnchor: [0, -ICON_SIZE / 2],
  });
}

/** Higher priority on top; within a priority, MH calls on top. */
function zIndexFor(call: CallSummary): number {
  return (6 - call.priority) * 10_000 + (call.mh.flagged ? 5_000 : 0);
}

/**
 * Open calls as DOM markers (there are tens to hundreds, not thousands, and they need text),
 * updated in place keyed by call id.
 *
 * With `onselect`, clicking a marker selects its call (the board opens its drawer); without
 * it, the marker opens a popup (a screen with no drawer).
 */
export class CallsLayer {
  readonly #map: L.Map;
  readonly #entries = new Map<string, Entry>();
  /** Read when a popup opens, so popups name units without redrawing calls as units move. */
  readonly #units: () => ReadonlyMap<string, Unit>;
  readonly #onselect: ((callId: string) => void) | undefined;
  readonly #pulseMh: boolean;
  #selectedId: string | null = null;

  /** `opts.pulseMh`: MH call markers get a pulsing halo (the wall, seen from across a room). */
  constructor(map: L.Map, units: () => ReadonlyMap<string, Unit>, onselect?: (callId: string) => void, opts: { pulseMh?: boolean } = {}) {
    this.#map = map;
    this.#units = units;
    this.#onselect = onselect;
    this.#pulseMh = opts.pulseMh ?? false;
  }

  /** Rings the selected call's marker so the drawer and the map point at the same thing. */
  select(callId: string | null): void {
    if (callId === this.#selectedId) return;
    const before = this.#selectedId;
    this.#selectedId = callId;
    for (const id of [before, callId]) {
      const entry = id ? this.#entries.get(id) : undefined;
      if (entry) this.#restyle(entry, true);
    }
  }

  update(calls: ReadonlyMap<string, CallSummary>): void {
    for (const [id, entry] of this.#entries) {
      if (!calls.has(id)) {
        entry.marker.remove();
        this.#entries.delete(id);
      }
    }
    for (const call of calls.values()) {
      const entry = this.#entries.get(call.id);
      if (!entry) this.#add(call);
      else if (entry.call !== call) this.#refresh(entry, call);
    }
  }

  /**
   * Bring a call into view (from the call list). `rightInsetPx` is how much of the map's right
   * side is covered (by the drawer): the call is centred in what remains visible. Without a
   * selection handler the popup opens, as the popup is then the only detail view.
   */
  focus(callId: string, rightInsetPx = 0): void {
    const entry = this.#entries.get(callId);
    if (!entry) return;
    const target = entry.marker.getLatLng();
    this.#map.setView(target, Math.max(this.#map.getZoom(), 14), { animate: false });
    if (rightInsetPx > 0) this.#map.panBy([rightInsetPx / 2, 0], { animate: false });
    if (!this.#onselect) entry.marker.openPopup();
  }

  dispose(): void {
    for (const entry of this.#entries.values()) entry.marker.remove();
    this.#entries.clear();
  }

  #add(call: CallSummary): void {
    const marker = L.marker([call.location.lat, call.location.lon], {
      icon: iconFor(call, call.id === this.#selectedId, this.#pulseMh),
      // The call list is the keyboard path; hundreds of tab stops on the map would trap focus.
      keyboard: false,
      riseOnHover: true,
      zIndexOffset: zIndexFor(call),
      title: describe(call),
    });
    const entry: Entry = { marker, call, iconKey: iconKey(call) };
    const onselect = this.#onselect;
    if (onselect) marker.on('click', () => onselect(entry.call.id));
    else marker.bindPopup(() => callPopup(entry.call, this.#units()), { className: 'board-popup' });
    marker.addTo(this.#map);
    this.#entries.set(call.id, entry);
  }

  #refresh(entry: Entry, call: CallSummary): void {
    const { marker } = entry;
    const was = entry.call.location;
    if (was.lat !== call.location.lat || was.lon !== call.location.lon) {
      marker.setLatLng([call.location.lat, call.location.lon]);
    }
    entry.call = call;
    this.#restyle(entry, false);
    if (marker.isPopupOpen()) marker.setPopupContent(callPopup(call, this.#units()));
  }

  /** Rebuilds the icon when what it shows changed (or `force`, for a selection change). */
  #restyle(entry: Entry, force: boolean): void {
    const { marker, call } = entry;
    const key = iconKey(call);
    if (!force && key === entry.iconKey) return;
    const selected = call.id === this.#selectedId;
    marker.setIcon(iconFor(call, selected, this.#pulseMh));
    marker.setZIndexOffset(zIndexFor(call) + (selected ? 100_000 : 0));
    marker.getElement()?.setAttribute('title', describe(call));
    entry.iconKey = key;
  }
}

function iconKey(call: CallSummary): string {
  return `${call.priority}/${call.status}/${call.mh.flagged}/${call.nature}`;
}
