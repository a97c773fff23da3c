import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PutDestinationInput } from '../../shared/destination';
import { EntityId } from '../../shared/ids';
import type { DestinationCommands } from '../commands/destination-commands';

/** One record of the sample file: a destination's id and what a PUT gives of it. */
const SampleDestination = PutDestinationInput.extend({ id: EntityId });

/**
 * The simulated city's transport destinations (crisis units, detox, hospitals), written once
 * when there are none, so the map and the Transporting dialog have somewhere to go. Every name
 * says "(demo)": the bed counts are made up, whatever the facility. Returns what to print, or
 * null when destinations already exist (a real list is never overwritten).
 */
export async function ensureDemoDestinations(destinations: DestinationCommands, file = 'server/sim/sample-destinations.json'): Promise<string | null> {
  if ((await destinations.list()).length > 0) return null;
  const records = z.array(SampleDestination).parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const { id, ...input } of records) await destinations.put('demo-setup', id, input);
  return `Demo transport destinations: ${records.length} (crisis units, detox, hospitals; bed counts made up), on the map and in the Transporting dialog.`;
}
