/**
 * The dispatch center's time zone, once the server's config has given it (config-state.svelte.ts
 * sets it). Every clock time a screen shows is the center's (lib/format.ts), whatever zone the
 * screen's browser is set to: a timeline, an advice's "since" and a profile's "access until"
 * must read the same as the wall clock, the reports and a caller's account of the time. State,
 * so that times already on screen are drawn again when it arrives.
 */
export const centerTime = $state<{ zone: string | null }>({ zone: null });
