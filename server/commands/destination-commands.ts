import type { Destination, DestinationBedsInput, PutDestinationInput } from '../../shared/destination';
import type { CommandContext } from '../domain/context';
import { putDestination, setFreeBeds } from '../domain/destinations';
import { notFound } from '../domain/errors';
import type { DestinationStore } from '../redis/destination-store';
import type { Store } from '../redis/store';
import { runCommand, type Decision } from './run-command';

/**
 * Every change to transport destinations, from REST, a coordinator's screen or the demo seed:
 * read, decide with the pure rules (domain/destinations.ts), commit through the one commit, so
 * the change reaches every screen on every instance as units and calls do.
 */
export class DestinationCommands {
  constructor(
    private readonly store: Store,
    readonly destinations: DestinationStore,
    private readonly now: () => number = Date.now,
  ) {}

  private run<T>(by: string, attempt: (ctx: CommandContext) => Promise<Decision<T>>): Promise<T> {
    return runCommand(
      this.store,
      () => ({ at: this.now(), by }),
      (m) => attempt({ now: m.at, by: m.by }),
    ).then((r) => r.result);
  }

  list(): Promise<Destination[]> {
    return this.destinations.list();
  }

  put(by: string, id: string, input: PutDestinationInput): Promise<{ destination: Destination; created: boolean }> {
    return this.run(by, async (ctx) => {
      const existing = await this.destinations.read(id);
      const destination = putDestination(existing, id, input, ctx);
      return {
        writes: [{ kind: 'destination', destination, expectedVersion: existing?.version ?? 0 }],
        result: { destination, created: existing === null },
      };
    });
  }

  setBeds(by: string, id: string, input: DestinationBedsInput): Promise<Destination> {
    return this.run(by, async (ctx) => {
      const existing = await this.destinations.read(id);
      if (!existing) throw notFound(`destination ${id}`);
      const destination = setFreeBeds(existing, input, ctx);
      return { writes: [{ kind: 'destination', destination, expectedVersion: existing.version }], result: destination };
    });
  }
}
