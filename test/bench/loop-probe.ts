/**
 * Preloaded into the Tandem server process by the benchmark (`--import`), never by production:
 * measures the server's event-loop delay and answers the orchestrator over the IPC channel.
 *   'reset'  -> starts a new measuring window
 *   'report' -> { p50, p99, max } in ms since the last reset (beyond the probe's own timer interval),
 *               and the garbage collector's pauses: { gcMs, gcMaxMs, gcOver20 }
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

if (process.send) {
  // 10 ms resolution: fine enough for a 20 ms p99 target, cheap enough not to move it.
  const RESOLUTION_MS = 10;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  // The histogram records the time between its timer's firings, the interval included: an idle
  // loop reads 10 ms at this resolution (and a 30 ms block about 37 ms). The delay is what
  // exceeds the interval.
  const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  // GC pauses, to tell a collector's stop from the server's own work when reading the delays.
  let gc = { gcMs: 0, gcMaxMs: 0, gcOver20: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.gcMs += e.duration;
      gc.gcMaxMs = Math.max(gc.gcMaxMs, e.duration);
      if (e.duration > 20) gc.gcOver20++;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (msg: unknown) => {
    if (msg === 'reset') {
      histogram.reset();
      gc = { gcMs: 0, gcMaxMs: 0, gcOver20: 0 };
      process.send!({ probe: 'reset' });
    } else if (msg === 'report') {
      process.send!({ probe: 'report', p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), ...gc });
    }
  });
  // The channel must not keep a server that is shutting down alive.
  process.channel?.unref();
}
