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
  const byJob = new Map<string, number[]>();
  for (const line of output.split('\n')) {
    if (!line.includes('"msg":"slow turn"')) continue;
    try {
      const entry = JSON.parse(line) as { job?: string; kind?: string; ms?: number };
      const job = entry.kind ? `${entry.job} ${entry.kind}` : (entry.job ?? '?');
      const list = byJob.get(job) ?? [];
      list.push(entry.ms ?? 0);
      byJob.set(job, list);
    } catch {
      // A line cut by the pipe: not a figure.
    }
  }
  if (byJob.size === 0) return 'none of 50 ms or more';
  return [...byJob.entries()]
    .sort((a, b) => b[1].reduce((s, x) => s + x, 0) - a[1].reduce((s, x) => s + x, 0))
    .map(([job, ms]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      const total = sorted.reduce((s, x) => s + x, 0);
      return `${job}: ${sorted.length}× (p50 ${percentile(sorted, 0.5).toFixed(0)}, max ${Math.max(...sorted).toFixed(0)}, total ${(total / 1000).toFixed(1)} s)`;
    })
    .join('; ');
}
