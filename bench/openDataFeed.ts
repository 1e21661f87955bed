/**
 * `GET /api/fridges.geojson` against `GET /api/fridges` on `bench:scale`'s fixture with a location
 * set on every fridge, idle, as `npm start` runs the server (docs/open-data.md; docs/scaling.md,
 * seventeenth round). The fixture has no locations, so the feed would be empty: this copy gets a
 * point per fridge in its database before the server starts. Prints figures; asserts nothing.
 *
 *   npm run build && npx tsx bench/openDataFeed.ts      # 10,000 fridges (BENCH_SCALE)
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { percentile } from './load';
import { scaleFixture } from './scaleFixture';
import { timeGet, timeGzipGet } from './scaleHttp';
import { startServer } from './server';

const FRIDGES = Number(process.env.BENCH_SCALE ?? 10_000);
const REQUESTS = 20;

const f1 = (n: number) => n.toFixed(1);
const p = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `p50 ${f1(percentile(sorted, 0.5))} / p99 ${f1(percentile(sorted, 0.99))} ms`;
};

async function main(): Promise<void> {
  const fixture = await scaleFixture(FRIDGES);
  const db = new Database(join(fixture.dataDir, 'fridges.sqlite'));
  // Points about 100 m apart in a grid, so every fridge is a Feature.
  db.prepare(
    'UPDATE fridges SET lat = 19.4 + (rowid % 100) * 0.001, lon = -99.1 - (rowid / 100) * 0.001',
  ).run();
  db.close();
  const { server, httpUrl } = await startServer(fixture.dataDir, {});
  try {
    console.log(`${FRIDGES} fridges, each with a location, idle; ${REQUESTS} requests after the first`);
    for (const path of ['/api/fridges', '/api/fridges.geojson']) {
      const first = await timeGet(`${httpUrl}${path}`);
      const plain: number[] = [];
      for (let i = 0; i < REQUESTS; i++) plain.push((await timeGet(`${httpUrl}${path}`)).ms);
      const firstGzip = await timeGzipGet(`${httpUrl}${path}`);
      const gzip: number[] = [];
      for (let i = 0; i < REQUESTS; i++) gzip.push((await timeGzipGet(`${httpUrl}${path}`)).lastByteMs);
      console.log(
        `  ${path.padEnd(22)} plain: first ${f1(first.ms)} ms, then ${p(plain)}, ${(first.bytes / 1e6).toFixed(2)} MB; gzip (to the last compressed byte): first ${f1(firstGzip.lastByteMs)} ms, then ${p(gzip)}, ${(firstGzip.compressed / 1e6).toFixed(2)} MB`,
      );
    }
  } finally {
    await server.stop();
    rmSync(fixture.dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
