import * as L from 'leaflet';
import { el } from '../lib/dom';

/**
 * Leaflet's own attribution control writes its text with innerHTML. Attributions here come
 * from configuration, so this control shows them as text. A tile attribution written as HTML
 * (`&copy; <a ...>OpenStreetMap</a>`) is reduced to its text by an inert DOMParser document,
 * which runs no scripts and loads nothing.
 */
export function attributionText(attribution: string): string {
  if (!/[<&]/.test(attribution)) return attribution.trim();
  const doc = new DOMParser().parseFromString(attribution, 'text/html');
  return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export class TextAttribution extends L.Control {
  readonly #texts: string[];

  constructor(texts: readonly string[]) {
    super({ position: 'bottomright' });
    this.#texts = ['Leaflet', ...texts.map(attributionText).filter((t) => t.length > 0)];
  }

  override onAdd(): HTMLElement {
    const box = el('div', 'leaflet-control-attribution leaflet-control board-attribution', this.#texts.join(' | '));
    return box;
  }
}
