/**
 * Where the time of bench/dashboardRender.ts goes: the same 1,000 fridges, served from an
 * unminified production build (function names kept), with a Chromium performance trace (DevTools
 * timeline + sampled CPU profile) of each measured window: from `/api/fridges` arriving to the
 * first 50 cards painted, and from "Show the map" to 1,000 markers painted. Prints the main
 * thread's CPU time in each window (its tasks' thread time, which other processes' load hardly
 * changes, unlike wall time), that time by kind (script, style, layout, paint, GC) and the functions
 * with the most samples. Asserts nothing; for finding what to change, not for the record of figures.
 *
 * Given several source trees (folders holding `dashboard/`, e.g. an export of `main`), it builds
 * each and alternates their runs, so a before/after comparison shares the same minutes of load:
 *
 *   npx tsx bench/dashboardProfile.ts [root ...]      (default: this tree)
 *   BENCH_PROFILE_RUNS=3 BENCH_PROFILE_TOP=25 BENCH_PROFILE_TRACE=/tmp/t (writes each trace, for DevTools)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { markTime, startRenderFixture, watchFor, watchForMap } from './dashboardRender';
import { groupShares, sharesBetween, type WindowShares } from './traceShares';

const RUNS = Number(process.env.BENCH_PROFILE_RUNS ?? 3);
const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 25);
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'loading',
].join(',');

process.env.NODE_ENV = 'production';
const roots = process.argv.length > 2 ? process.argv.slice(2) : ['.'];
const builds = roots.map((root) => ({ root, dir: mkdtempSync(join(tmpdir(), 'fridge-profile-')) }));
try {
  for (const { root, dir } of builds)
    await build({
      configFile: join(resolve(root), 'dashboard', 'vite.config.ts'),
      logLevel: 'silent',
      mode: 'production',
      build: { outDir: dir, emptyOutDir: true, minify: false },
    });
  const fixtures = [];
  for (const { dir } of builds) fixtures.push(await startRenderFixture(dir));
  const results = builds.map(() => ({ list: [] as WindowShares[], map: [] as WindowShares[] }));
  try {
    for (let run = 0; run < RUNS; run++) {
      // Alternate the order too, so neither tree always runs first in a round.
      const order = builds.map((_, i) => i);
      if (run % 2 === 1) order.reverse();
      for (const i of order) {
        const traced = await traceOnce(fixtures[i] as Fixture, `${i}-${run}`);
        results[i]?.list.push(traced.list);
        results[i]?.map.push(traced.map);
      }
    }
  } finally {
    for (const fixture of fixtures) await fixture.stop();
  }
  console.log(
    `\nload average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  builds.forEach(({ root }, i) => {
    console.log(`\n######## ${root}`);
    for (const [what, runs] of Object.entries(results[i] ?? {})) report(what, runs);
  });
} finally {
  for (const { dir } of builds) rmSync(dir, { recursive: true, force: true });
}

type Fixture = Awaited<ReturnType<typeof startRenderFixture>>;

/** One fresh page: the list's first 50 cards, then the map, traced; the two windows' shares. */
async function traceOnce({ url, browser }: Fixture, name: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(watchFor('[data-testid="fridge-list"] > li', 50, 'list'));
  await browser.startTracing(page, { categories: CATEGORIES.split(',') });
  await page.goto(`${url}/`);
  const painted = await markTime(page, 'list-painted');
  const dataAt = await page.evaluate(
    () =>
      (
        performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/api/fridges') as
          | PerformanceResourceTiming
          | undefined
      )?.responseEnd ?? 0,
  );
  await page.evaluate(watchForMap(1000));
  const clickAt = await page.evaluate(() => {
    const at = performance.now();
    document.querySelector<HTMLButtonElement>('[data-testid="map-toggle"]')?.click();
    return at;
  });
  const mapPainted = await markTime(page, 'map-painted');
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
    traceEvents: Parameters<typeof sharesBetween>[0];
  };
  if (process.env.BENCH_PROFILE_TRACE)
    writeFileSync(`${process.env.BENCH_PROFILE_TRACE}-${name}.json`, JSON.stringify(trace));
  await page.close();
  return {
    list: sharesBetween(trace.traceEvents, 'list-painted', painted - dataAt),
    map: sharesBetween(trace.traceEvents, 'map-painted', mapPainted - clickAt),
  };
}

/** Mean over the runs of each name's ms, largest first, with its share of the window. */
function report(what: string, runs: WindowShares[]): void {
  const window = runs.reduce((s, r) => s + r.windowMs, 0) / runs.length;
  const cpu = runs.reduce((s, r) => s + r.mainThreadCpuMs, 0) / runs.length;
  console.log(
    `\n== ${what}: main thread CPU ${Math.round(cpu)} ms (runs ${runs.map((r) => Math.round(r.mainThreadCpuMs)).join(', ')}); window ${Math.round(window)} ms wall (runs ${runs.map((r) => Math.round(r.windowMs)).join(', ')}), traced`,
  );
  const mean = (lists: [string, number][][]): [string, number][] => {
    const total = new Map<string, number>();
    for (const list of lists) for (const [k, v] of list) total.set(k, (total.get(k) ?? 0) + v / runs.length);
    return [...total.entries()].sort((a, b) => b[1] - a[1]);
  };
  const line = ([name, value]: [string, number]) =>
    `  ${value.toFixed(1).padStart(7)} ms ${((100 * value) / window).toFixed(1).padStart(5)} %  ${name}`;
  console.log('main thread by kind:');
  for (const row of mean(runs.map(groupShares))) console.log(line(row));
  console.log('trace events (self):');
  for (const row of mean(runs.map((r) => r.events)).slice(0, 15)) console.log(line(row));
  console.log('JavaScript functions (self, sampled):');
  for (const row of mean(runs.map((r) => r.functions)).slice(0, TOP)) console.log(line(row));
  console.log('JavaScript functions (inclusive, sampled):');
  for (const row of mean(runs.map((r) => r.inclusive)).slice(0, TOP)) console.log(line(row));
}
