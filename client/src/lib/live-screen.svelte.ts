import { idleActivity, type Activity } from './activity.svelte';
import { Clock } from './clock.svelte';
import { CommandRunner } from './command-runner.svelte';
import type { BoardCommands } from './command-sender';
import { ConfigState } from './config-state.svelte';
import { provideDestinations } from './destinations-context';
import { Connection } from './connection.svelte';
import { LiveState } from './live-state.svelte';
import type { Route } from './route.svelte';
import type { Session } from './session.svelte';
import { startSocket } from './socket';
import { Stats } from './stats.svelte';

/** What App gives every live screen. */
export interface LiveScreenProps {
  session: Session;
  route: Route;
  /** The server ended the session: App goes to sign-in. */
  onended: (reason: string) => void;
  /** Workstation screens only (a wall has no one to sign out). */
  onsignout: (everywhere: boolean) => Promise<void>;
}

/**
 * What every live screen (board, coordinator, wall) is wired to: the state the socket keeps,
 * the connection it reports, one clock, the day's stats, the server's config, and the commands
 * the socket carries. One instance per mounted screen; `start` from the screen's `$effect`.
 */
export class LiveScreen {
  readonly live = new LiveState();
  readonly connection: Connection;
  readonly clock = new Clock();
  readonly stats = new Stats();
  readonly config = new ConfigState();
  /** Undefined until the socket is up and after the screen is gone (commands then refuse). */
  commands = $state.raw<BoardCommands>();

  readonly #session: Session;
  readonly #onEnded: (reason: string) => void;
  #reportActivity: () => boolean = () => false;

  /**
   * `staleAfterMs`: how long without the server before the screen says its data is stale.
   * Made while the screen's component is created (its script's top level): the screen's parts
   * then find its transport destinations in their context (destinations-context.ts).
   */
  constructor(session: Session, onEnded: (reason: string) => void, opts: { staleAfterMs?: number } = {}) {
    this.#session = session;
    this.#onEnded = onEnded;
    this.connection = new Connection(opts.staleAfterMs);
    provideDestinations(() => this.live.destinations);
  }

  /**
   * Opens the socket at once (data arrives while the map loads; the socket does not need the
   * config), starts the clock and the config poll; returns the function that stops them all.
   */
  start(): () => void {
    const socket = startSocket({ live: this.live, connection: this.connection, session: this.#session, stats: this.stats, onEnded: this.#onEnded });
    this.commands = socket.commands;
    this.#reportActivity = socket.reportActivity;
    const stopClock = this.clock.start();
    const stopConfig = this.config.start();
    return () => {
      this.commands = undefined;
      this.#reportActivity = () => false;
      socket.stop();
      stopClock();
      stopConfig();
      this.connection.dispose();
    };
  }

  /** A runner for one part of the screen; it reads the session's role at each command. */
  runner(): CommandRunner {
    return new CommandRunner(() => this.commands, this.#session);
  }

  /** The idle sign-out watcher (null for roles with no idle timeout); use goes over the socket when it is up. */
  idleActivity(): Activity | null {
    return idleActivity(this.#session.idleMinutes, () => this.#reportActivity());
  }
}
