/**
 * Preloaded into the Tandem server process by the benchmark (`--import`), never by production:
 * measures the server's event-loop delay and answers the orchestrator over the IPC channel.
 *   'reset'  -> starts a new measuring window
 *   'report' -> { p50, p99, max } in ms since the last reset
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (process.send) {
  // 10 ms resolution: fine enough for a 20 ms p99 target, cheap enough not to move it.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (ns: number) => ns / 1e6;
  process.on('message', (msg: unknown) => {
    if (msg === 'reset') {
      histogram.reset();
      process.send!({ probe: 'reset' });
    } else if (msg === 'report') {
      process.send!({ probe: 'report', p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) });
    }
  });
  // The channel must not keep a server that is shutting down alive.
  process.channel?.unref();
}
