import * as L from 'leaflet';
import type { CallSummary } from '../../../shared/changes';
import { natureOf } from '../../../shared/natures';
import type { Unit } from '../../../shared/unit';
import { el } from '../lib/dom';
import { CALL_STATUS_LABEL } from '../lib/labels';
import { CallCanvas, McPulseCanvas } from './call-canvas';
import { wantsCanvas } from './call-draw';
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
 * Open calls on the map, keyed by call id. While there are few (CALL_DOM_MAX in call-draw.ts)
 * each is a DOM marker: its own accessible name, the wall's CSS pulse, updated in place. With
 * more (a big city's evening: hundreds to thousands), thousands of DOM markers cost seconds of
 * layout and compositing, so they are drawn on one canvas instead (call-canvas.ts), looking the
 * same, with hit-testing for clicks and the wall's MH pulse as one overlay.
 *
 * With `onselect`, clicking a call selects it (the board opens its drawer); without it, the call
 * opens a popup built from text nodes (a screen with no drawer).
 */
export class CallsLayer {
  readonly #map: L.Map;
  /** The open calls as last given to update(), whichever way they are drawn. */
  readonly #calls = new Map<string, CallSummary>();
  /** DOM markers, in DOM mode. */
  readonly #entries = new Map<string, Entry>();
  /** Read when a popup opens, so popups name units without redrawing calls as units move. */
  readonly #units: () => ReadonlyMap<string, Unit>;
  readonly #onselect: ((callId: string) => void) | undefined;
  readonly #pulseMh: boolean;
  readonly #scale: number;
  #selectedId: string | null = null;
  /** Canvas mode: the calls canvas, the MH pulse overlay (pulsing screens) and the popup. */
  #canvas: CallCanvas | undefined;
  #pulse: McPulseCanvas | undefined;
  readonly #popup: L.Popup;
  #popupCallId: string | null = null;

  /**
   * `opts.pulseMh`: MH calls get a pulsing halo (the wall, seen from across a room).
   * `opts.scale`: markers drawn larger (the wall); default 1.
   */
  constructor(map: L.Map, units: () => ReadonlyMap<string, Unit>, onselect?: (callId: string) => void, opts: { pulseMh?: boolean; scale?: number } = {}) {
    this.#map = map;
    this.#units = units;
    this.#onselect = onselect;
    this.#pulseMh = opts.pulseMh ?? false;
    this.#scale = opts.scale ?? 1;
    this.#popup = L.popup({ className: 'board-popup', offset: [0, -8] });
    this.#popup.on('remove', () => {
      this.#popupCallId = null;
    });
  }

  /** Whether calls are drawn on the canvas (many) rather than as DOM markers (few). */
  get onCanvas(): boolean {
    return this.#canvas !== undefined;
  }

  /** Whether a call drawn on the canvas is under a container point (it takes the click, not a unit). */
  covers(containerPoint: L.Point): boolean {
    return this.#canvas?.callAt(containerPoint) !== undefined;
  }

  /** Rings the selected call's marker so the drawer and the map point at the same thing. */
  select(callId: string | null): void {
    if (callId === this.#selectedId) return;
    const before = this.#selectedId;
    this.#selectedId = callId;
    this.#canvas?.select(callId);
    for (const id of [before, callId]) {
      const entry = id ? this.#entries.get(id) : undefined;
      if (entry) this.#restyle(entry, true);
    }
  }

  update(calls: ReadonlyMap<string, CallSummary>): void {
    const canvas = wantsCanvas(calls.size, this.onCanvas);
    if (canvas !== this.onCanvas) this.#switch(canvas);
    for (const id of this.#calls.keys()) {
      if (calls.has(id)) continue;
      this.#calls.delete(id);
      this.#canvas?.delete(id);
      this.#entries.get(id)?.marker.remove();
      this.#entries.delete(id);
      if (this.#popupCallId === id) this.#map.closePopup(this.#popup);
    }
    for (const call of calls.values()) {
      if (this.#calls.get(call.id) === call) continue;
      this.#calls.set(call.id, call);
      if (this.#canvas) {
        this.#canvas.set(call);
        if (this.#popupCallId === call.id) {
          this.#popup.setLatLng([call.location.lat, call.location.lon]).setContent(callPopup(call, this.#units()));
        }
        continue;
      }
      const entry = this.#entries.get(call.id);
      if (!entry) this.#add(call);
      else this.#refresh(entry, call);
    }
  }

  /**
   * Bring a call into view (from the call list). `rightInsetPx` is how much of the map's right
   * side is covered (by the drawer): the call is centred in what remains visible. Without a
   * selection handler the popup opens, as the popup is then the only detail view.
   */
  focus(callId: string, rightInsetPx = 0): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    this.#map.setView([call.location.lat, call.location.lon], Math.max(this.#map.getZoom(), 14), { animate: false });
    if (rightInsetPx > 0) this.#map.panBy([rightInsetPx / 2, 0], { animate: false });
    if (this.#onselect) return;
    if (this.#canvas) this.#openPopup(call);
    else this.#entries.get(callId)?.marker.openPopup();
  }

  dispose(): void {
    this.#map.closePopup(this.#popup);
    this.#dropMarkers();
    this.#dropCanvas();
    this.#calls.clear();
  }

  /** From DOM markers to the canvas or back: every call is drawn again the other way. */
  #switch(toCanvas: boolean): void {
    if (toCanvas) {
      this.#dropMarkers();
      const canvas = new CallCanvas({ scale: this.#scale });
      canvas.select(this.#selectedId);
      if (this.#pulseMh) {
        // Added first: the rings lie under the markers.
        this.#pulse = new McPulseCanvas(canvas);
        this.#pulse.addTo(this.#map);
        canvas.follow(this.#pulse);
      }
      canvas.addTo(this.#map);
      this.#map.on('click', this.#click);
      this.#canvas = canvas;
      for (const call of this.#calls.values()) canvas.set(call);
    } else {
      this.#map.closePopup(this.#popup);
      this.#dropCanvas();
      for (const call of this.#calls.values()) this.#add(call);
    }
  }

  #dropMarkers(): void {
    for (const entry of this.#entries.values()) entry.marker.remove();
    this.#entries.clear();
  }

  #dropCanvas(): void {
    if (!this.#canvas) return;
    this.#map.off('click', this.#click);
    this.#canvas.remove();
    this.#pulse?.remove();
    this.#canvas = this.#pulse = undefined;
  }

  readonly #click = (e: L.LeafletMouseEvent): void => {
    const call = this.#canvas?.callAt(e.containerPoint);
    if (!call) return;
    if (this.#onselect) this.#onselect(call.id);
    else this.#openPopup(call);
  };

  #openPopup(call: CallSummary): void {
    this.#popup.setLatLng([call.location.lat, call.location.lon]).setContent(callPopup(call, this.#units()));
    this.#popupCallId = call.id;
    this.#popup.openOn(this.#map);
  }

  #add(call: CallSummary): void {
    const marker = L.marker([call.location.lat, call.location.lon], {
      icon: iconFor(call, call.id === this.#selectedId, this.#pulseMh),
      // The call list is the keyboard path; hundreds of tab stops on the map would trap focus.
      keyboard: false,
      riseOnHover: true,
      zIndexOffset: zIndexFor(call) + (call.id === this.#selectedId ? 100_000 : 0),
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
