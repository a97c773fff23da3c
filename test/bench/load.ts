/**
 * The CAD side: calls and unit positions over REST at fixed rates, identical for both servers.
 * Open loop on a 50 ms tick (requests are not held back by slow answers, as a real CAD would
 * not wait), with a cap on requests in flight so an overloaded server cannot pile up sockets.
 */
import { nowMs, sleep } from './bench-kit';
import type { Target } from './targets';

/** Denver, where the units drive and the calls are. */
export const DENVER = { lat: [39.65, 39.8], lon: [-105.05, -104.9] } as const;
const rnd = (a: number, b: number) => a + Math.random() * (b - a);
export const randomLocation = () => ({ lat: rnd(DENVER.lat[0], DENVER.lat[1]), lon: rnd(DENVER.lon[0], DENVER.lon[1]) });

/** Sends a JSON request with the target's bearer key; throws on a status that is not 2xx. */
export async function send(target: Target, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.key}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 200)}`);
}

/** Units that drive in small steps (about 10-40 m per report), turning a little, inside Denver. */
export class Movers {
  private readonly units: { id: string; lat: number; lon: number; heading: number }[];
  private next = 0;

  constructor(units: { id: string; lat: number; lon: number }[]) {
    this.units = units.map((u) => ({ ...u, heading: Math.random() * 360 }));
  }

  /** The next `count` units (round robin), each moved one step. */
  step(count: number): { unitId: string; lat: number; lon: number; heading: number; at: number }[] {
    const out = [];
    const at = Date.now();
    for (let i = 0; i < count && this.units.length > 0; i++) {
      const u = this.units[this.next++ % this.units.length]!;
      u.heading = (u.heading + rnd(-20, 20) + 360) % 360;
      const metres = rnd(10, 40);
      const rad = (u.heading * Math.PI) / 180;
      u.lat += (metres * Math.cos(rad)) / 111_000;
      u.lon += (metres * Math.sin(rad)) / 85_000; // metres per degree of longitude at 39.7° N
      // Bounce off the city's edge.
      if (u.lat < DENVER.lat[0] || u.lat > DENVER.lat[1] || u.lon < DENVER.lon[0] || u.lon > DENVER.lon[1]) {
        u.lat = Math.min(DENVER.lat[1], Math.max(DENVER.lat[0], u.lat));
        u.lon = Math.min(DENVER.lon[1], Math.max(DENVER.lon[0], u.lon));
        u.heading = (u.heading + 180) % 360;
      }
      out.push({ unitId: u.id, lat: +u.lat.toFixed(6), lon: +u.lon.toFixed(6), heading: Math.round(u.heading), at });
    }
    return out;
  }
}

export interface LoadOptions {
  callsPerSec: number;
  positionsPerSec: number;
  seconds: number;
  movers: Movers;
  /** Each call gets a unique `location.address` with this prefix: how dashboards match it. */
  addressPrefix: string;
  /** Counter continued across windows so addresses stay unique in a run. */
  firstCall: number;
  /** Ends the load early when it returns true (checked every tick). */
  stop?: () => boolean;
}

export interface LoadResult {
  /** [address, sent at] for each call request sent. */
  sent: [string, number][];
  requests: number;
  failed: number;
  /** Requests not sent because too many were in flight (the server fell behind). */
  skipped: number;
  firstError: string | null;
}

const TICK_MS = 50;
const MAX_IN_FLIGHT = 64;
const NON_MH = ['THEFT', 'ALARM', 'NOISE'];

export async function runLoad(target: Target, o: LoadOptions): Promise<LoadResult> {
  const r: LoadResult = { sent: [], requests: 0, failed: 0, skipped: 0, firstError: null };
  const inFlight = new Set<Promise<void>>();
  const fire = (method: string, path: string, body: unknown) => {
    if (inFlight.size >= MAX_IN_FLIGHT) {
      r.skipped++;
      return false;
    }
    r.requests++;
    const p: Promise<void> = send(target, method, path, body)
      .catch((err: unknown) => {
        r.failed++;
        r.firstError ??= (err as Error).message;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return true;
  };
  const positionsPerSec = target.positionsEndpoint ? o.positionsPerSec : 0;
  const ticks = Math.round((o.seconds * 1000) / TICK_MS);
  const start = nowMs();
  let callsDue = 0;
  let callNo = o.firstCall;
  for (let k = 0; k < ticks && !o.stop?.(); k++) {
    callsDue += (o.callsPerSec * TICK_MS) / 1000;
    for (; callsDue >= 1; callsDue--) {
      const address = `${o.addressPrefix}${callNo++}`;
      const at = nowMs();
      // Mostly not MH (these pile up as open calls); one in ten is, so the recommender works too.
      const nature = callNo % 10 === 0 ? 'WELFARE' : NON_MH[callNo % 3]!;
      if (fire('POST', target.paths.calls, { nature, priority: 1 + (callNo % 5), location: { ...randomLocation(), address } })) r.sent.push([address, at]);
    }
    const batch = Math.round((positionsPerSec * TICK_MS) / 1000);
    if (batch > 0) fire('POST', target.paths.positions, { positions: o.movers.step(batch) });
    await sleep(Math.max(0, start + (k + 1) * TICK_MS - nowMs()));
  }
  // Let the last requests finish (bounded: each has its own 30 s timeout).
  await Promise.all(inFlight);
  return r;
}
