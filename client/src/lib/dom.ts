/**
 * Builds an element whose text is set with textContent. Everything the map shows outside
 * Svelte goes through here: data never becomes markup, so a call address or a callsign
 * cannot inject HTML.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A definition-list row ("Status: On scene") for popups. */
export function field(list: HTMLDListElement, term: string, value: string): void {
  list.append(el('dt', undefined, term), el('dd', undefined, value));
}
