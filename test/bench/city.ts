/**
 * A city to measure in: units of every type (about 150 co-responders and crisis teams at full
 * size) and open calls, some of them MH-flagged by nature. Built over REST with bounded
 * parallelism and progress lines, then left until the server's sequence stops moving (the
 * recommender catches up after a bulk load).
 */
import { inParallel, n, nowMs, sleep } from './bench-kit';
import { randomLocation, send } from './load';
import { readMetric } from './probes';
import type { Target } from './targets';

export interface CitySize {
  units: number;
  calls: number;
  mhCalls: number;
}

export interface City {
  units: { id: string; lat: number; lon: number }[];
}

const MH = ['EDP', 'WELFARE', 'MNTL'];
const NOT_MH = ['THEFT', 'ALARM', 'NOISE'];
const PARALLEL = 16;

/** Law mostly; ems and fire; 3 % co-responders and crisis teams (150 of 5,000). */
function unitType(i: number): string {
  if (i % 100 < 2) return 'co_responder';
  if (i % 100 < 3) return 'crisis_team';
  if (i % 100 < 15) return 'ems';
  if (i % 100 < 25) return 'fire';
  return 'law';
}

export async function buildCity(target: Target, size: CitySize, log: (s: string) => void): Promise<City> {
  const started = nowMs();
  const units = Array.from({ length: size.units }, (_, i) => ({ id: `u${i}`, ...randomLocation() }));
  let done = 0;
  const every = Math.max(1, Math.round(size.units / 5));
  await inParallel(units, PARALLEL, async (u) => {
    const i = Number(u.id.slice(1));
    await send(target, 'PUT', target.paths.unit(u.id), { callsign: `B${i}`, type: unitType(i), position: { lat: u.lat, lon: u.lon } });
    if (++done % every === 0) log(`  ${target.name}: building city ${n(done)}/${n(size.units)} units...`);
  });
  done = 0;
  const callsEvery = Math.max(1, Math.round(size.calls / 5));
  // Spread the MH calls through the list so they are not all created at the end.
  const mhEvery = size.mhCalls > 0 ? size.calls / size.mhCalls : Infinity;
  await inParallel(
    Array.from({ length: size.calls }, (_, i) => i),
    PARALLEL,
    async (i) => {
      const mh = Math.floor(i % mhEvery) === 0 && Math.floor(i / mhEvery) < size.mhCalls;
      const nature = mh ? MH[i % MH.length]! : NOT_MH[i % NOT_MH.length]!;
      await send(target, 'POST', target.paths.calls, { nature, priority: 1 + (i % 5), location: { ...randomLocation(), address: `city-${i}` } });
      if (++done % callsEvery === 0) log(`  ${target.name}: building city ${n(done)}/${n(size.calls)} calls...`);
    },
  );
  if (target.name === 'Tandem') await untilQuiet(target, log);
  log(`  ${target.name}: city of ${n(size.units)} units and ${n(size.calls)} calls ready in ${((nowMs() - started) / 1000).toFixed(0)} s`);
  return { units };
}

/** Waits (at most 180 s) until tandem_sequence has not moved for two seconds. */
export async function untilQuiet(target: Target, log: (s: string) => void): Promise<void> {
  let last = -1;
  let still = 0;
  for (let i = 0; i < 180 && still < 2; i++) {
    const seq = await readMetric(target.url, target.key, 'tandem_sequence');
    still = seq === last ? still + 1 : 0;
    if (i > 0 && i % 10 === 0) log(`  ${target.name}: waiting for the server to settle (sequence ${seq})...`);
    last = seq ?? -1;
    await sleep(1000);
  }
}
