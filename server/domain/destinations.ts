import type { Destination, DestinationBedsInput, PutDestinationInput } from '../../shared/destination';
import type { CommandContext } from './context';
import { assertVersion } from './errors';

export const destinationLabel = (d: Pick<Destination, 'name'>): string => `destination ${d.name}`;

/**
 * Creates a destination, or replaces what a PUT describes of it. Free beds a PUT leaves out stay
 * as they were (with their time): a feed that corrects an address must not erase the count a
 * coordinator phoned for. A PUT that gives them stamps them now.
 */
export function putDestination(existing: Destination | null, id: string, input: PutDestinationInput, ctx: CommandContext): Destination {
  if (existing) assertVersion(destinationLabel(existing), existing, input.expectedVersion, ctx.now);
  const bedsGiven = input.freeBeds !== undefined;
  return {
    id,
    name: input.name,
    type: input.type,
    location: input.location,
    address: input.address,
    freeBeds: bedsGiven ? input.freeBeds! : (existing?.freeBeds ?? null),
    bedsUpdatedAt: bedsGiven ? ctx.now : (existing?.bedsUpdatedAt ?? null),
    accepts: input.accepts === undefined ? (existing?.accepts ?? null) : input.accepts,
    version: (existing?.version ?? 0) + 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
  };
}

/**
 * How many beds are free now. Setting the same count again still stamps the time: "still 2 at
 * 14:05" is news to a dispatcher choosing where to go.
 */
export function setFreeBeds(existing: Destination, input: DestinationBedsInput, ctx: CommandContext): Destination {
  assertVersion(destinationLabel(existing), existing, input.expectedVersion, ctx.now);
  return { ...existing, freeBeds: input.freeBeds, bedsUpdatedAt: ctx.now, version: existing.version + 1, updatedAt: ctx.now, updatedBy: ctx.by };
}
