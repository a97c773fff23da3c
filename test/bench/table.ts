/**
 * One row of the benchmark's closing table: a figure measured in this run, the target it is
 * judged against, and whether it met it. Benchmarks print; they never fail a test run.
 */
export interface BenchRow {
  /** What was measured, e.g. "delivery p99 ratio (200 dashboards, 20 calls/s, 400 positions/s)". */
  figure: string;
  /** The measured value as shown, with its unit, e.g. "1.21x (Tandem 18.4 ms, bare 15.2 ms)". */
  value: string;
  /** The target as shown, e.g. "<= 1.5x". */
  target: string;
  /** null when the row is information only (no target). */
  met: boolean | null;
}

/** The rows as a Markdown table (the README shows a recent run's table as printed). */
export function formatTable(rows: readonly BenchRow[]): string {
  const mark = (m: boolean | null) => (m === null ? '' : m ? 'met' : 'NOT MET');
  const cells = rows.map((r) => [r.figure, r.value, r.target, mark(r.met)]);
  const head = ['figure', 'value', 'target', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}
