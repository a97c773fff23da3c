import { parseRoute, type RouteName } from './routes';

/**
 * The address bar as state: no router framework, just `location` and `popstate`. Pages read
 * `name` and `params`; navigation goes through `go` so the state and the history agree.
 */
export class Route {
  path = $state(location.pathname);
  search = $state(location.search);
  readonly name: RouteName = $derived(parseRoute(this.path));
  readonly params: URLSearchParams = $derived(new URLSearchParams(this.search));

  /** The path, query and hash the user is on (what `?next=` keeps). */
  get here(): string {
    return `${this.path}${this.search}${location.hash}`;
  }

  /** Follows browser back and forward; returns the function that stops. */
  listen(): () => void {
    const onPop = () => this.#read();
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }

  /** Goes to a same-site address. `replace` for redirects, so Back does not bounce into them again. */
  go(url: string, replace = false): void {
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.#read();
  }

  /** For in-app links: a plain click navigates here; a middle or modified click opens a tab as usual. */
  link = (event: MouseEvent): void => {
    const anchor = event.currentTarget;
    if (!(anchor instanceof HTMLAnchorElement) || anchor.origin !== location.origin) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.go(`${anchor.pathname}${anchor.search}${anchor.hash}`);
  };

  #read(): void {
    this.path = location.pathname;
    this.search = location.search;
  }
}
