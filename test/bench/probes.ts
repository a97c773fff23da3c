/**
 * Probes read while a window runs: the server's event-loop delay (through loop-probe.ts),
 * /readyz latency, and counters from /metrics. Each is bounded in time.
 */
import type { ChildProcess } from 'node:child_process';
import { nowMs, sleep } from './bench-kit';

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  /** Garbage-collection pauses in the window: total, longest, and how many over 20 ms. */
  gcMs: number;
  gcMaxMs: number;
  gcOver20: number;
}

/** Talks to loop-probe.ts inside the server process over its IPC channel. */
export class LoopProbe {
  constructor(private readonly child: ChildProcess) {}

  private ask<T>(msg: 'reset' | 'report'): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.off('message', on);
        reject(new Error(`loop probe did not answer '${msg}'`));
      }, 5000);
      const on = (m: unknown) => {
        if ((m as { probe?: string }).probe !== msg) return;
        clearTimeout(timer);
        this.child.off('message', on);
        resolve(m as T);
      };
      this.child.on('message', on);
      this.child.send(msg);
    });
  }

  async reset(): Promise<void> {
    await this.ask('reset');
  }

  report(): Promise<LoopDelay> {
    return this.ask<LoopDelay>('report');
  }
}

export interface ReadyzResult {
  polls: number;
  maxMs: number;
  /** Polls that were not 200 or did not answer within the timeout. */
  failures: number;
  over100: number;
}

/** Polls GET /readyz every `everyMs` until `stop()` is called; each poll gives up after 2 s. */
export function pollReadyz(url: string, everyMs = 200): { stop(): Promise<ReadyzResult> } {
  const r: ReadyzResult = { polls: 0, maxMs: 0, failures: 0, over100: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = nowMs();
      try {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status !== 200) r.failures++;
      } catch {
        r.failures++;
      }
      const ms = nowMs() - t0;
      r.polls++;
      r.maxMs = Math.max(r.maxMs, ms);
      if (ms > 100) r.over100++;
      await sleep(Math.max(0, everyMs - ms));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return r;
    },
  };
}

/**
 * One sample of a Prometheus counter or gauge (no labels) from /metrics; null when absent or
 * when the server does not answer within 15 s (a busy server is what is being measured).
 */
export async function readMetric(url: string, key: string, name: string): Promise<number | null> {
  const text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(15_000) })
    .then((res) => (res.ok ? res.text() : ''))
    .catch(() => '');
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}
