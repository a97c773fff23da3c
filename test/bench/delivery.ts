/**
 * Benchmark (not a test): how fast does a change reach the screens, and how heavy is a snapshot
 * of a large city? Prints figures; asserts nothing.
 *
 *   npm run bench                       # 200 clients, 300 calls, city of 3000 units / 800 calls
 *   BENCH_CLIENTS=500 BENCH_UNITS=10000 npm run bench
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ChangeBatch } from '../../shared/changes';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import { startTestRedis } from '../helpers/redis';
import { inParallel, postJson, startServerProcess, summary } from './bench-kit';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const CITY_UNITS = Number(process.env.BENCH_UNITS ?? 3000);
const CITY_CALLS = Number(process.env.BENCH_CITY_CALLS ?? 800);

let ingestKey = '';
type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const log = (s: string) => process.stdout.write(`${s}\n`);
const rnd = (a: number, b: number) => a + Math.random() * (b - a);

/**
 * A board socket and its first snapshot. A refused handshake or a snapshot that never comes
 * fails the run with the reason, instead of leaving the benchmark waiting forever.
 */
function connectBoard(url: string, cookie: string): Promise<{ socket: BenchSocket; snapshot: ArrayBuffer | Uint8Array }> {
  const socket: BenchSocket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no snapshot within 30 s of connecting')), 30_000);
    socket.once('state:snapshot', (snapshot) => {
      clearTimeout(timer);
      resolve({ socket, snapshot });
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(new Error(`the server refused a board socket: ${err.message}`));
    });
  });
}

async function connectClients(url: string, cookie: string, n: number): Promise<BenchSocket[]> {
  const sockets: BenchSocket[] = [];
  await inParallel(Array.from({ length: n }, (_, i) => i), 50, async () => {
    sockets.push((await connectBoard(url, cookie)).socket);
  });
  return sockets;
}

async function measureDelivery(url: string, sockets: BenchSocket[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    let sentAt = 0;
    // Matched by externalId: the batch can reach a client before the REST response reaches us.
    const externalId = `bench-${i}-${Date.now()}`;
    const arrivals = sockets.map(
      (s) =>
        new Promise<void>((done) => {
          const onBatch = (batch: ChangeBatch) => {
            if (!batch.changes.some((c) => c.kind === 'call' && c.call?.externalId === externalId)) return;
            samples.push(performance.now() - sentAt);
            s.off('state:changes', onBatch);
            done();
          };
          s.on('state:changes', onBatch);
        }),
    );
    sentAt = performance.now();
    await postJson(`${url}/api/v1/calls`, {
      nature: i % 5 === 0 ? 'WELFARE' : 'THEFT',
      priority: 3,
      location: { lat: rnd(39.65, 39.8), lon: rnd(-105.05, -104.9) },
      externalId,
    });
    await Promise.all(arrivals);
  }
  return samples;
}

async function buildCity(url: string): Promise<void> {
  const types = ['law', 'law', 'law', 'ems', 'fire', 'co_responder', 'crisis_team'] as const;
  await inParallel(Array.from({ length: CITY_UNITS }, (_, i) => i), 32, (i) =>
    postJson(`${url}/api/v1/units/bench-${i}`, { callsign: `B${i}`, type: types[i % types.length], position: { lat: rnd(39.65, 39.8), lon: rnd(-105.05, -104.9) } }, 'PUT'),
  );
  await inParallel(Array.from({ length: CITY_CALLS }, (_, i) => i), 32, (i) =>
    postJson(`${url}/api/v1/calls`, { nature: i % 5 === 0 ? 'EDP' : 'ALARM', priority: 1 + (i % 5), location: { lat: rnd(39.65, 39.8), lon: rnd(-105.05, -104.9) }, notes: 'Bench call with a short note' }),
  );
}

/** Waits until the server's sequence number has stopped moving (the recommender catches up after a bulk load). */
async function untilQuiet(url: string): Promise<void> {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${url}/api/v1/state`, { headers: { authorization: `Bearer ${ingestKey}` } });
    const seq = ((await res.json()) as { seq: number }).seq;
    if (seq === last) return;
    last = seq;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function measureSnapshots(url: string, cookie: string): Promise<{ bytes: number; times: number[] }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const { socket, snapshot } = await connectBoard(url, cookie);
    times.push(performance.now() - t0);
    bytes = snapshot.byteLength;
    socket.close();
  }
  return { bytes, times };
}

async function main(): Promise<void> {
  log(`Tandem delivery benchmark: ${CLIENTS} socket clients, ${CALLS} calls; city of ${CITY_UNITS} units and ${CITY_CALLS} open calls`);
  const redis = await startTestRedis();
  const server = await startServerProcess(redis.url);
  ingestKey = server.ingestKey;
  try {
    log('connecting clients...');
    const sockets = await connectClients(server.url, server.cookie, CLIENTS);
    log('posting calls one at a time, timing REST accepted -> received by every client...');
    const delivery = await measureDelivery(server.url, sockets);
    for (const s of sockets) s.close();

    log(`building the large city (${CITY_UNITS} units, ${CITY_CALLS} calls)...`);
    await buildCity(server.url);
    await untilQuiet(server.url);
    const snap = await measureSnapshots(server.url, server.cookie);

    log('');
    log(summary(`delivery to ${CLIENTS} clients (per client)`, delivery));
    log(summary('snapshot: connect -> snapshot received', snap.times));
    log(`snapshot size: ${(snap.bytes / 1024).toFixed(0)} KiB for ${CITY_UNITS + 0} units and ${CITY_CALLS} calls (plus the delivery calls)`);
  } finally {
    await server.stop();
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
