/**
 * `npm run bench:replica-ack`: what acknowledging only after the replica has a change (WAIT)
 * costs. A benchmark, not a test: it prints figures and asserts nothing.
 *
 * One local Sentinel deployment (primary, replica, three sentinels) and two Tandem processes on
 * it, alike but for REDIS_REPLICA_ACK_MS (1000 against 0). Rounds alternate between them, so the
 * machine's noise falls on both, and the figures are given as a ratio from this one run: call
 * creation one at a time (a dispatcher's latency) and with 32 in flight (an integration's burst,
 * where one WAIT covers many commits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalSentinelCluster } from '../../server/redis/local-cluster';
import { nowMs, percentile, startServerProcess, type ServerProcess } from './bench-kit';

const ROUNDS = Number(process.env.ROUNDS ?? 6);
const SEQUENTIAL = 100;
const BURST = 400;
const IN_FLIGHT = 32;
const log = (s: string) => process.stdout.write(`${s}\n`);

let i = 0;
async function postCall(server: ServerProcess): Promise<number> {
  const body = { nature: 'WELFARE', priority: 3, location: { lat: 39.7 + (i++ % 1000) * 1e-4, lon: -104.98 } };
  const t0 = nowMs();
  const res = await fetch(`${server.url}/api/v1/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.ingestKey}` },
    body: JSON.stringify(body),
  });
  await res.text();
  if (res.status !== 201) throw new Error(`POST /calls -> ${res.status}`);
  return nowMs() - t0;
}

interface Figures {
  latencies: number[];
  burstMs: number;
  burstCalls: number;
}

async function round(server: ServerProcess, into: Figures): Promise<void> {
  for (let k = 0; k < SEQUENTIAL; k++) into.latencies.push(await postCall(server));
  let left = BURST;
  const t0 = nowMs();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (left-- > 0) await postCall(server);
    }),
  );
  into.burstMs += nowMs() - t0;
  into.burstCalls += BURST;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-replica-'));
  log('Starting Redis under Sentinel (primary, replica, three sentinels)...');
  const cluster = await startLocalSentinelCluster({ dir, appendOnly: true });
  // Each under its own key prefix: two independent data sets on the one deployment.
  const env = (ackMs: number) => ({
    REDIS_URL: '',
    REDIS_SENTINELS: cluster.sentinelList,
    REDIS_SENTINEL_NAME: cluster.name,
    REDIS_REPLICA_ACK_MS: String(ackMs),
    KEY_PREFIX: `ack${ackMs}:`,
  });
  const servers: ServerProcess[] = [];
  try {
    log('Starting two Tandem processes: replica ack on (WAIT, 1000 ms at most) and off...');
    const withAck = await startServerProcess('', env(1000));
    servers.push(withAck);
    const primaryOnly = await startServerProcess('', env(0));
    servers.push(primaryOnly);
    const on: Figures = { latencies: [], burstMs: 0, burstCalls: 0 };
    const off: Figures = { latencies: [], burstMs: 0, burstCalls: 0 };
    for (let r = 0; r < 2; r++) {
      await postCall(withAck); // warm up
      await postCall(primaryOnly);
    }
    for (let r = 1; r <= ROUNDS; r++) {
      log(`  round ${r}/${ROUNDS}`);
      // Alternate which goes first, so neither always follows the other's work.
      const order: [ServerProcess, Figures][] =
        r % 2
          ? [
              [withAck, on],
              [primaryOnly, off],
            ]
          : [
              [primaryOnly, off],
              [withAck, on],
            ];
      for (const [server, figures] of order) await round(server, figures);
    }
    const row = (label: string, f: Figures) => {
      const s = [...f.latencies].sort((a, b) => a - b);
      return { label, p50: percentile(s, 50), p99: percentile(s, 99), rate: f.burstCalls / (f.burstMs / 1000) };
    };
    const a = row('replica ack (WAIT 1)', on);
    const b = row('primary only', off);
    const fmt = (x: number) => x.toFixed(2).padStart(8);
    log('');
    log(`Call creation over REST, ${ROUNDS} alternating rounds of ${SEQUENTIAL} one at a time and ${BURST} with ${IN_FLIGHT} in flight`);
    log(`${''.padEnd(24)}  one at a time p50   p99 (ms)   burst calls/s`);
    for (const x of [a, b]) log(`${x.label.padEnd(24)}  ${fmt(x.p50)}  ${fmt(x.p99)}   ${x.rate.toFixed(0).padStart(10)}`);
    log(`${'ratio (ack / primary)'.padEnd(24)}  ${fmt(a.p50 / b.p50)}x ${fmt(a.p99 / b.p99)}x  ${(a.rate / b.rate).toFixed(2).padStart(10)}x`);
  } finally {
    for (const s of servers) await s.stop();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
