/**
 * What the live feed's slowest events waited for: sets the stalls bench/stallRecorder.ts recorded
 * in the server against the events `bench:scale` timed (BENCH_SCALE_FEED), over the load.
 * - Each **block** of the loop (≥ MIN_BLOCK_MS) is split into its causes: the garbage collections
 *   in it (by kind), the recorded tasks in it less their collections (by name; with the server's
 *   log, BENCH_SCALE_LOG, the "slow turn" job names them: the ingest commit, the list, …), and
 *   the rest ("unnamed": promise continuations and native callbacks the recorder does not wrap).
 * - The events at or above the p99 latency: for each, the part of its wait that each cause's
 *   blocks cover, summed; what no block covers is queueing behind many short tasks, or outside
 *   the server (the network, the reader's own loop).
 *
 *   npx tsx bench/stallAttribution.ts /tmp/stalls.json /tmp/feed.json [server.log] [minBlockMs=50]
 */
import { readFileSync } from 'node:fs';
import { percentile } from './load';
import type { StallTrace } from './stallRecorder';

interface Span {
  at: number;
  ms: number;
  what: string;
}

const [traceFile, feedFile, logFile, minArg] = process.argv.slice(2);
if (!traceFile || !feedFile)
  throw new Error('usage: stallAttribution.ts stalls.json feed.json [server.log] [minBlockMs]');
const MIN_BLOCK_MS = Number(minArg ?? 50);
const trace = JSON.parse(readFileSync(traceFile, 'utf8')) as StallTrace;
const feed = JSON.parse(readFileSync(feedFile, 'utf8')) as Array<[number, number]>;
// A loop, not Math.min(...feed): a 5-minute run at 10,000 fridges times 250,000 events, past the
// arguments a call can take.
let from = Number.POSITIVE_INFINITY;
let to = Number.NEGATIVE_INFINITY;
for (const [sent, ms] of feed) {
  from = Math.min(from, sent);
  to = Math.max(to, sent + ms);
}
const inWindow = (s: { at: number; ms: number }) => s.at + s.ms > from && s.at < to;

/** The server's "slow turn" lines as spans (pino's `time` is when the line was written: the end). */
function jobSpans(file: string | undefined): Span[] {
  if (!file || file === '-') return [];
  const spans: Span[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"msg":"slow turn"')) continue;
    try {
      const entry = JSON.parse(line) as { time: number; ms: number; job: string };
      if (entry.job !== 'gc')
        spans.push({ at: entry.time - entry.ms, ms: entry.ms, what: `job ${entry.job}` });
    } catch {
      // A line cut by the pipe.
    }
  }
  return spans;
}

const overlap = (a: { at: number; ms: number }, from: number, to: number) =>
  Math.max(0, Math.min(a.at + a.ms, to) - Math.max(a.at, from));

const gcs: Span[] = trace.gcs.map((g) => ({ at: g.at, ms: g.ms, what: `gc ${g.kind}` }));
const jobs = jobSpans(logFile);
/** A task is named by the server's job inside it when there is one (the log's clock is coarser). */
const tasks: Span[] = trace.tasks.map((t) => {
  const job = jobs.find((j) => overlap(j, t.at, t.at + t.ms) >= 0.5 * Math.min(j.ms, t.ms));
  return { ...t, what: job ? `${job.what} (in ${t.what.slice(0, 40)})` : t.what };
});

type Block = StallTrace['blocks'][number];
const UNNAMED = 'unnamed (microtasks, native callbacks)';
const WAITING = "waiting for a core (the machine's other processes)";
const OFF_CPU = 'off a core otherwise (sync I/O, locks)';

/**
 * A stretch of a block split into causes: the block's share waiting for a core and off a core
 * (from the thread's schedstat over the block, taken as spread evenly), the rest, on a core, as
 * GC by kind, tasks less their GC and what no task covers ("unnamed").
 */
function causesOf(block: Block, start: number, end: number): Map<string, number> {
  const onCore = Math.min(1, block.cpuMs / block.ms);
  const waiting = Math.min(1 - onCore, block.waitMs / block.ms);
  const scaled = new Map<string, number>([
    [WAITING, (end - start) * waiting],
    [OFF_CPU, (end - start) * (1 - onCore - waiting)],
  ]);
  const wall = wallCausesOf(start, end);
  // What no long task covers is split by the short tasks the recorder summed in the block, as far
  // as they go (scaled to the stretch); the rest stays unnamed (microtasks, native callbacks).
  const unnamed = wall.get(UNNAMED) ?? 0;
  const short = Object.entries(block.short ?? {});
  const shortTotal = short.reduce((sum, [, ms]) => sum + ms, 0) * ((end - start) / block.ms);
  const factor = shortTotal > unnamed && shortTotal > 0 ? unnamed / shortTotal : 1;
  let used = 0;
  for (const [what, ms] of short) {
    const part = ms * ((end - start) / block.ms) * factor;
    const name = `short: ${what.replace(/:\d+ /, ' ')}`;
    wall.set(name, (wall.get(name) ?? 0) + part);
    used += part;
  }
  if (short.length > 0) wall.set(UNNAMED, unnamed - used);
  for (const [what, ms] of wall) scaled.set(what, ms * onCore);
  return scaled;
}

/** A stretch of time split into causes by wall time: GC by kind, tasks less their GC, the rest unnamed. */
function wallCausesOf(start: number, end: number): Map<string, number> {
  const causes = new Map<string, number>();
  const add = (what: string, ms: number) => ms > 0 && causes.set(what, (causes.get(what) ?? 0) + ms);
  let named = 0;
  for (const g of gcs) {
    const ms = overlap(g, start, end);
    add(g.what, ms);
    named += ms;
  }
  for (const t of tasks) {
    const ms = overlap(t, start, end);
    if (ms === 0) continue;
    const gcInside = gcs.reduce(
      (sum, g) => sum + overlap(g, Math.max(start, t.at), Math.min(end, t.at + t.ms)),
      0,
    );
    add(t.what, ms - gcInside);
    named += ms - gcInside;
  }
  add(UNNAMED, end - start - named);
  return causes;
}

const blocks = trace.blocks.filter((b) => b.ms >= MIN_BLOCK_MS && inWindow(b));
const byCause = new Map<string, { blocks: number; ms: number; largest: number }>();
for (const b of blocks) {
  const causes = causesOf(b, b.at, b.at + b.ms);
  const main = [...causes.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? '?';
  for (const [what, ms] of causes) {
    const row = byCause.get(what) ?? { blocks: 0, ms: 0, largest: 0 };
    row.ms += ms;
    if (what === main) row.blocks++;
    byCause.set(what, row);
  }
}

const sortedLatencies = feed.map(([, ms]) => ms).sort((a, b) => a - b);
const p99 = percentile(sortedLatencies, 0.99);
const slow = feed.filter(([, ms]) => ms >= p99);
const slowWait = slow.reduce((sum, [, ms]) => sum + ms, 0);
const inSlow = new Map<string, { events: number; ms: number }>();
let coveredBySlow = 0;
for (const [sent, ms] of slow) {
  const seen = new Set<string>();
  for (const b of blocks) {
    const start = Math.max(b.at, sent);
    const end = Math.min(b.at + b.ms, sent + ms);
    if (end <= start) continue;
    for (const [what, part] of causesOf(b, start, end)) {
      const row = inSlow.get(what) ?? { events: 0, ms: 0 };
      row.ms += part;
      if (!seen.has(what)) row.events++;
      seen.add(what);
      inSlow.set(what, row);
      coveredBySlow += part;
    }
  }
}

const s = (ms: number) => (ms / 1000).toFixed(1);
const windowS = (to - from) / 1000;
console.log(
  `Window ${windowS.toFixed(0)} s, ${feed.length} events timed: p50 ${percentile(sortedLatencies, 0.5).toFixed(0)} / p99 ${p99.toFixed(0)} / max ${(sortedLatencies.at(-1) ?? 0).toFixed(0)} ms; loop delay over the process p50 ${trace.loopDelayMs.p50.toFixed(0)} / p99 ${trace.loopDelayMs.p99.toFixed(0)} / max ${trace.loopDelayMs.max.toFixed(0)} ms`,
);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
console.log(
  `Blocks ≥ ${MIN_BLOCK_MS} ms: ${blocks.length}, ${s(sum(blocks.map((b) => b.ms)))} s of ${windowS.toFixed(0)} s (on a core ${s(sum(blocks.map((b) => b.cpuMs)))} s, waiting for one ${s(sum(blocks.map((b) => b.waitMs)))} s); longest ${Math.max(0, ...blocks.map((b) => b.ms)).toFixed(0)} ms`,
);
// On a loaded machine most of a block is the wait for a core; the work on a core is what makes it.
const onCoreInSlow = sum(
  [...inSlow.entries()].filter(([what]) => what !== WAITING && what !== OFF_CPU).map(([, row]) => row.ms),
);
console.log(
  `\n| cause | blocks it was the largest part of | ms in blocks | ms in the ${slow.length} events ≥ p99 (share of their ${s(slowWait)} s) | share of their on-core part | events ≥ p99 it touched |`,
);
console.log('|---|---|---|---|---|---|');
const names = new Set([...byCause.keys(), ...inSlow.keys()]);
for (const what of [...names].sort((a, b) => (inSlow.get(b)?.ms ?? 0) - (inSlow.get(a)?.ms ?? 0))) {
  const all = byCause.get(what) ?? { blocks: 0, ms: 0 };
  const sl = inSlow.get(what) ?? { events: 0, ms: 0 };
  console.log(
    `| ${what} | ${all.blocks} | ${all.ms.toFixed(0)} | ${sl.ms.toFixed(0)} (${((100 * sl.ms) / slowWait).toFixed(1)} %) | ${what === WAITING || what === OFF_CPU ? '' : `${((100 * sl.ms) / Math.max(1, onCoreInSlow)).toFixed(0)} %`} | ${sl.events} |`,
  );
}
console.log(
  `| not in any block ≥ ${MIN_BLOCK_MS} ms (queueing, network, reader) | | | ${(slowWait - coveredBySlow).toFixed(0)} (${((100 * (slowWait - coveredBySlow)) / slowWait).toFixed(1)} %) | | |`,
);

const tally = (spans: Span[], min: number) => {
  const rows = new Map<string, number[]>();
  for (const sp of spans.filter((x) => x.ms >= min && inWindow(x)))
    rows.set(sp.what, [...(rows.get(sp.what) ?? []), sp.ms]);
  return [...rows.entries()]
    .map(([what, ms]) => ({ what, n: ms.length, total: ms.reduce((a, b) => a + b, 0), max: Math.max(...ms) }))
    .sort((a, b) => b.total - a.total)
    .slice(0, 15);
};
console.log('\nGC in the window (all), by kind: count, total, max; count ≥ 50 ms');
for (const kind of ['minor', 'major', 'incremental', 'weakcb']) {
  const g = gcs.filter((x) => x.what === `gc ${kind}` && inWindow(x));
  if (g.length === 0) continue;
  console.log(
    `  ${kind}: ${g.length}, ${s(g.reduce((a, x) => a + x.ms, 0))} s, max ${Math.max(...g.map((x) => x.ms)).toFixed(0)} ms; ≥ 50 ms: ${g.filter((x) => x.ms >= 50).length}`,
  );
}
console.log(`\nTasks ≥ ${MIN_BLOCK_MS} ms in the window (GC inside included): count, total, max`);
for (const row of tally(tasks, MIN_BLOCK_MS))
  console.log(`  ${row.what}: ${row.n}, ${s(row.total)} s, max ${row.max.toFixed(0)} ms`);

console.log('\nThe live feed per 15 s of the load (by when the reading was sent): events, p50 / p99 ms');
for (let start = from; start < to; start += 15_000) {
  const part = feed
    .filter(([sent]) => sent >= start && sent < start + 15_000)
    .map(([, ms]) => ms)
    .sort((a, b) => a - b);
  if (part.length === 0) continue;
  const window = blocks.filter((b) => b.at >= start && b.at < start + 15_000);
  console.log(
    `  ${((start - from) / 1000).toFixed(0)} s: ${part.length}, ${percentile(part, 0.5).toFixed(0)} / ${percentile(part, 0.99).toFixed(0)} ms; blocks ≥ ${MIN_BLOCK_MS} ms ${window.length}, ${s(sum(window.map((b) => b.ms)))} s (on a core ${s(sum(window.map((b) => b.cpuMs)))} s)`,
  );
}
