import { snapWindow, virtualWindow, type VirtualWindow } from './virtual-window';

export interface VirtualRowsOptions {
  /** Lists up to this long are rendered whole (find-in-page and browse mode see every row). */
  renderAll: number;
  /** Rows rendered either side of the viewport. */
  overscan: number;
  /** Row height plus gap before a row has been measured, and the viewport before it has been. */
  pitch: number;
  viewport: number;
  /** Space between rows in px (part of the pitch, not of a row's measured height). */
  gap?: number;
}

/**
 * The rendered window of a long list of equal-height rows (see virtualWindow): the list binds
 * `list`, `viewport` and `scrollTop`, and renders `visible` between spacers of `win.before` and
 * `win.after` pixels. A row is measured when rows first show and when the list is resized, not
 * on every change. Created during a component's initialisation (it owns an effect).
 */
export class VirtualRows<T> {
  list = $state<HTMLElement>();
  scrollTop = $state(0);
  viewport = $state(0);
  pitch: number;
  readonly win: VirtualWindow;
  readonly visible: readonly T[];

  constructor(rows: () => readonly T[], opts: VirtualRowsOptions) {
    const gap = opts.gap ?? 0;
    this.pitch = $state(opts.pitch);
    this.win = $derived.by(() => {
      const n = rows().length;
      // Snapped to 4 rows, so scrolling a few pixels does not re-render the list.
      return snapWindow(virtualWindow(n, this.scrollTop, this.viewport || opts.viewport, this.pitch, opts.overscan, opts.renderAll), n, this.pitch, 4);
    });
    this.visible = $derived.by(() => {
      const all = rows();
      return this.win.start === 0 && this.win.end === all.length ? all : all.slice(this.win.start, this.win.end);
    });
    // Measured when rows first show and when the list is resized: not on every batch or scroll.
    const hasRows = $derived(this.visible.length > 0);
    $effect(() => {
      void this.viewport;
      if (!hasRows) return;
      const first = this.list?.querySelector('li[data-testid]');
      if (!first) return;
      const measured = Math.round(first.getBoundingClientRect().height) + gap;
      if (measured > gap && measured !== this.pitch) this.pitch = measured;
    });
  }
}
