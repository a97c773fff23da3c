import type { ApiError } from '../../../shared/errors';
import type { BoardCommands, CommandData, CommandName, CommandPayload } from './command-sender';
import type { Session } from './session.svelte';

/** A command that has finished: what was sent, and its data (null when it was refused or lost). */
export type SettledCommand = { [K in CommandName]: { name: K; payload: CommandPayload<K>; data: CommandData<K> | null } }[CommandName];

/**
 * Runs board commands for one view (the call drawer) and holds what the user must see about
 * them: the last refusal (shown inline, with the server's words) and a short confirmation.
 * One command at a time: a second click while the first is on its way would act on a view
 * the first one is about to change.
 */
export class CommandRunner {
  error = $state.raw<ApiError | null>(null);
  notice = $state<string | null>(null);
  busy = $state(false);
  /**
   * The last command sent, once its answer came (a new object each time), so a view can move
   * keyboard focus to what comes next: a pressed button is disabled while the command runs,
   * and the browser then drops focus to the page.
   */
  settled = $state.raw<SettledCommand | null>(null);

  readonly #commands: () => BoardCommands | undefined;
  readonly #session: Session;

  constructor(commands: () => BoardCommands | undefined, session: Session) {
    this.#commands = commands;
    this.#session = session;
  }

  may(name: CommandName): boolean {
    return this.#session.may(name);
  }

  /** The signed-in role (a supervisor may override the risky-assignment guard). */
  get role() {
    return this.#session.role;
  }

  /**
   * Sends a command; resolves with its data, or null when it was refused (the refusal is then
   * in `error`). `success` is shown as a notice when given.
   */
  async run<K extends CommandName>(name: K, payload: CommandPayload<K>, success?: string): Promise<CommandData<K> | null> {
    if (this.busy) return null;
    if (!this.may(name)) {
      this.error = { code: 'forbidden', message: `Your role may not ${name.replace(':', ' ')}` };
      return null;
    }
    const commands = this.#commands();
    if (!commands) {
      this.error = { code: 'unavailable', message: 'Not connected to the server yet; nothing was sent' };
      return null;
    }
    this.busy = true;
    this.notice = null;
    let data: CommandData<K> | null = null;
    try {
      const result = await commands.send(name, payload);
      if (!result.ok) {
        this.error = result.error;
        return null;
      }
      this.error = null;
      if (success) this.notice = success;
      data = result.data;
      return data;
    } finally {
      this.busy = false;
      // The union cannot be narrowed from a generic K; name, payload and data do belong together.
      this.settled = { name, payload, data } as SettledCommand;
    }
  }

  /** Forget the last outcome (another call was opened, or the user dismissed it). */
  reset(): void {
    this.error = null;
    this.notice = null;
  }
}
