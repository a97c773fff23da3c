/**
 * The dashboard fleet, run as its own process (forked by fleet.ts) so that parsing tens of
 * thousands of frames a second never delays the load generator's requests. Driven over IPC:
 * each request message carries an `id`, answered by one reply with the same `id`.
 */
import { nowMs, percentile } from './bench-kit';
import { Dashboard } from './dashboard-client';
import type { FleetReply, FleetRequest } from './fleet';

let boards: Dashboard[] = [];
let prefix = 'bench-';
/** Per call address: arrival time at each dashboard (NaN until it arrives), by dashboard index. */
let arrivals = new Map<string, Float64Array>();

function open(url: string, cookie: string, index: number, resumeFrom?: number): Dashboard {
  return new Dashboard({
    url,
    cookie,
    origin: url,
    addressPrefix: prefix,
    resumeFrom,
    onCall(address, at) {
      let times = arrivals.get(address);
      if (!times) arrivals.set(address, (times = new Float64Array(Math.max(boards.length, index + 1)).fill(Number.NaN)));
      if (index < times.length && Number.isNaN(times[index]!)) times[index] = at;
    },
  });
}

/** Opens `count` dashboards, at most `parallel` handshakes at a time; waits for every snapshot. */
async function connect(url: string, cookie: string, count: number, parallel: number, timeoutMs: number): Promise<FleetReply> {
  const started = nowMs();
  const deadline = started + timeoutMs;
  let next = 0;
  const base = boards.length;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count && nowMs() < deadline) {
        const i = base + next++;
        const b = open(url, cookie, i);
        boards[i] = b;
        await b.resynced(deadline - nowMs());
      }
    }),
  );
  return resyncReport(boards.slice(base), started);
}

/** How many resynced and how long the slowest took, from `started`. */
function resyncReport(set: Dashboard[], started: number): FleetReply {
  const ok = set.filter((b) => b.resyncedAt !== null);
  const errors = [...new Set(set.map((b) => b.error ?? (b.resyncedAt === null ? 'no snapshot in time' : null)).filter((e) => e !== null))];
  return {
    kind: 'resync',
    count: set.length,
    resynced: ok.length,
    lastMs: ok.length ? Math.max(...ok.map((b) => b.resyncedAt! - started)) : Number.NaN,
    snapshotBytes: ok.at(-1)?.snapshotBytes ?? 0,
    errors: errors.slice(0, 3),
  };
}

/**
 * The reconnect storm: every dashboard's socket is dropped and all reconnect at once (fresh,
 * without resumeFrom, as after a server restart); timed until the last has its snapshot.
 */
async function storm(url: string, cookie: string, timeoutMs: number): Promise<FleetReply> {
  const count = boards.length;
  for (const b of boards) b.close();
  const started = nowMs();
  boards = Array.from({ length: count }, (_, i) => open(url, cookie, i));
  await Promise.all(boards.map((b) => b.resynced(timeoutMs)));
  return resyncReport(boards, started);
}

function reset(): FleetReply {
  for (const b of boards) {
    b.bytes = 0;
    b.gaps = 0;
  }
  arrivals = new Map();
  return { kind: 'ok' };
}

/** Latency of every (call, dashboard) pair against the load generator's send times. */
function collect(sent: [string, number][]): FleetReply {
  const samples: number[] = [];
  let lost = 0;
  for (const [address, at] of sent) {
    const times = arrivals.get(address);
    for (let i = 0; i < boards.length; i++) {
      const t = times?.[i];
      if (t === undefined || Number.isNaN(t)) lost++;
      else samples.push(t - at);
    }
  }
  samples.sort((a, b) => a - b);
  const live = boards.filter((b) => b.dropped === null);
  return {
    kind: 'delivery',
    samples: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples.at(-1) ?? Number.NaN,
    lost,
    gaps: boards.reduce((s, b) => s + b.gaps, 0),
    bytesPerDashboard: boards.reduce((s, b) => s + b.bytes, 0) / Math.max(1, boards.length),
    dropped: boards.length - live.length,
  };
}

function closeAll(): FleetReply {
  for (const b of boards) b.close();
  boards = [];
  arrivals = new Map();
  return { kind: 'ok' };
}

async function handle(req: FleetRequest): Promise<FleetReply> {
  switch (req.kind) {
    case 'prefix':
      prefix = req.prefix;
      return { kind: 'ok' };
    case 'connect':
      return connect(req.url, req.cookie, req.count, req.parallel, req.timeoutMs);
    case 'storm':
      return storm(req.url, req.cookie, req.timeoutMs);
    case 'reset':
      return reset();
    case 'collect':
      return collect(req.sent);
    case 'close':
      return closeAll();
  }
}

process.on('message', (msg: { id: number; req: FleetRequest }) => {
  handle(msg.req).then(
    (reply) => process.send!({ id: msg.id, reply }),
    (err: unknown) => process.send!({ id: msg.id, reply: { kind: 'error', message: String((err as Error).stack ?? err) } }),
  );
});
// The orchestrator going away (even killed) closes the channel: leave with it.
process.on('disconnect', () => process.exit(0));
