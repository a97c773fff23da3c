import * as L from 'leaflet';
import type { Destination } from '../../../shared/destination';
import { el } from '../lib/dom';
import { bedsBadge, describeDestination, DESTINATION_GLYPH } from '../lib/destinations';
import './destination-marker.css';
import { destinationPopup } from './popups';

/**
 * Between the units' canvas (overlayPane, 400) and calls (markerPane, 600): a destination is
 * drawn over a unit parked at its door, and a call there stays on top and takes the click.
 */
const PANE = 'destinations';
const ICON_SIZE = 24;

interface Entry {
  marker: L.Marker;
  destination: Destination;
}

/** The marker element, built node by node with textContent (never from a string of HTML). */
function markerElement(d: Destination, large: boolean): HTMLElement {
  const root = el('div', 'destination-marker');
  if (d.freeBeds === 0) root.classList.add('destination-marker--full');
  if (d.freeBeds === null) root.classList.add('destination-marker--unknown');
  if (large) root.classList.add('destination-marker--large');
  root.dataset['destinationId'] = d.id;
  root.dataset['type'] = d.type;
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', describeDestination(d));
  root.append(el('span', 'destination-marker__glyph', DESTINATION_GLYPH[d.type]), el('span', 'destination-marker__beds', bedsBadge(d.freeBeds)));
  return root;
}

/**
 * Transport destinations (crisis units, detox, hospitals) as DOM markers: there are tens of
 * them, so each keeps its own accessible name and is updated in place. A marker opens a popup
 * with the type, address, beds and what the place takes. Shown or hidden as a whole (the
 * legend's switch).
 */
export class DestinationsLayer {
  readonly #map: L.Map;
  readonly #group: L.LayerGroup;
  readonly #entries = new Map<string, Entry>();
  readonly #large: boolean;
  readonly #now: () => number;

  /** `opts.large`: bigger markers (the wall). `now`: the clock a popup's "updated ... ago" reads. */
  constructor(map: L.Map, opts: { large?: boolean; now?: () => number } = {}) {
    if (!map.getPane(PANE)) map.createPane(PANE).style.zIndex = '450';
    this.#map = map;
    this.#large = opts.large ?? false;
    this.#now = opts.now ?? Date.now;
    this.#group = L.layerGroup().addTo(map);
  }

  update(destinations: ReadonlyMap<string, Destination>): void {
    for (const [id, entry] of this.#entries) {
      if (destinations.has(id)) continue;
      entry.marker.remove();
      this.#entries.delete(id);
    }
    for (const d of destinations.values()) {
      const entry = this.#entries.get(d.id);
      if (entry?.destination === d) continue;
      if (!entry) {
        this.#add(d);
        continue;
      }
      entry.destination = d;
      entry.marker.setLatLng([d.location.lat, d.location.lon]);
      entry.marker.options.title = describeDestination(d); // read when setIcon rebuilds the element
      entry.marker.setIcon(this.#icon(d));
      if (entry.marker.isPopupOpen()) entry.marker.setPopupContent(destinationPopup(d, this.#now()));
    }
  }

  /** Shows or hides every destination (the legend's switch). */
  setVisible(visible: boolean): void {
    if (visible && !this.#map.hasLayer(this.#group)) this.#group.addTo(this.#map);
    else if (!visible) this.#group.remove();
  }

  dispose(): void {
    this.#group.remove();
    this.#entries.clear();
  }

  #icon(d: Destination): L.DivIcon {
    return L.divIcon({
      html: markerElement(d, this.#large),
      className: 'destination-icon',
      iconSize: [ICON_SIZE, ICON_SIZE],
      iconAnchor: [ICON_SIZE / 2, ICON_SIZE / 2],
      popupAnchor: [0, -ICON_SIZE / 2],
    });
  }

  #add(d: Destination): void {
    const marker = L.marker([d.location.lat, d.location.lon], {
      icon: this.#icon(d),
      pane: PANE,
      // The coordinator's list is the keyboard path; map markers stay out of the tab order, as calls do.
      keyboard: false,
      title: describeDestination(d),
    });
    const entry: Entry = { marker, destination: d };
    // A minimum width: without it the popup came out narrow, its type and beds broken word by word.
    marker.bindPopup(() => destinationPopup(entry.destination, this.#now()), { className: 'board-popup', minWidth: 240 });
    this.#group.addLayer(marker);
    this.#entries.set(d.id, entry);
  }
}
