import { EMPTY_FILTER, parseFilter, type CallFilter } from './call-filters';

const KEY = 'tandem.board.filters';

/**
 * The queue's filters for this tab: kept in sessionStorage, so a reload (or coming back from
 * another page) keeps them, and a new tab or the next shift starts with everything in view.
 */
export class BoardFilters {
  value = $state.raw<CallFilter>(EMPTY_FILTER);

  constructor() {
    try {
      this.value = parseFilter(sessionStorage.getItem(KEY));
    } catch {
      this.value = EMPTY_FILTER;
    }
  }

  set(patch: Partial<CallFilter>): void {
    this.value = { ...this.value, ...patch };
    try {
      sessionStorage.setItem(KEY, JSON.stringify(this.value));
    } catch {
      // Storage full or blocked: the filter still applies on this page.
    }
  }

  clear(): void {
    this.set(EMPTY_FILTER);
  }
}
