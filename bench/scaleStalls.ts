/**
 * What stalls the server's event loop during `bench:scale`'s load (issue 12: a p99 publish → SSE
 * event near the PUBACK p99 means something holds the loop for up to a second):
 * - the event loop's delay, from prom-client's default metrics on the server's own `/metrics`
 *   (`nodejs_eventloop_lag_p99_seconds` and `_max_`; prom-client resets its histogram at each
 *   scrape, so each sample covers the time since the previous one, 15 s here);
 * - the server's "slow turn" log lines (server/features/slowTurns.ts): each job that held the loop
 *   for 50 ms or more, and the garbage collector's pauses as long, counted per job.
 */
import { percentile } from './load';

/** The event loop's delay since the previous scrape of `/metrics`, ms (NaN when it did not answer). */
export interface LoopDelaySample {
  loopP99Ms: number;
  loopMaxMs: number;
}

/** "p99 per window: 12, 30, … ms; max 45, 900, … ms" over the samples taken during the load. */
export function loopDelaySummary(samples: readonly LoopDelaySample[]): string {
  const known = samples.filter((s) => Number.isFinite(s.loopMaxMs));
  if (known.length === 0) return 'no samples';
  const worst = Math.max(...known.map((s) => s.loopMaxMs));
  const p99s = known.map((s) => s.loopP99Ms.toFixed(0)).join(', ');
  const maxes = known.map((s) => s.loopMaxMs.toFixed(0)).join(', ');
  return `worst ${worst.toFixed(0)} ms; per 15 s window p99 ${p99s} ms, max ${maxes} ms`;
}

/** Slow turns per job in a stretch of the server's stdout (JSON log lines). */
export function slowTurnSummary(output: string): string {
  const byJob = new Map<string, { ms: number[]; readings: number[]; transactionMs: number }>();
  for (const line of output.split('\n')) {
    if (!line.includes('"msg":"slow turn"')) continue;
    try {
      const entry = JSON.parse(line) as {
        job?: string;
        kind?: string;
        ms?: number;
        readings?: number;
        transactionMs?: number;
      };
      const job = entry.kind ? `${entry.job} ${entry.kind}` : (entry.job ?? '?');
      const turns = byJob.get(job) ?? { ms: [], readings: [], transactionMs: 0 };
      turns.ms.push(entry.ms ?? 0);
      if (entry.readings !== undefined) turns.readings.push(entry.readings);
      turns.transactionMs += entry.transactionMs ?? 0;
      byJob.set(job, turns);
    } catch {
      // A line cut by the pipe: not a figure.
    }
  }
  if (byJob.size === 0) return 'none of 50 ms or more';
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return [...byJob.entries()]
    .sort((a, b) => sum(b[1].ms) - sum(a[1].ms))
    .map(([job, { ms, readings, transactionMs }]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      const total = sum(sorted);
      // The ingest commit's turns: how many readings each took, and the transaction's share
      // of their time (the rest is the batch's listeners).
      const readingsP50 = percentile(
        [...readings].sort((a, b) => a - b),
        0.5,
      ).toFixed(0);
      const share = ((100 * transactionMs) / total).toFixed(0);
      const batch =
        readings.length > 0
          ? `, readings p50 ${readingsP50} max ${Math.max(...readings)}, transaction ${share} %`
          : '';
      return `${job}: ${sorted.length}× (p50 ${percentile(sorted, 0.5).toFixed(0)}, max ${Math.max(...sorted).toFixed(0)}, total ${(total / 1000).toFixed(1)} s${batch})`;
    })
    .join('; ');
}
