/**
 * The gzip list's compression when (nearly) every chunk has changed (as under bench:scale's load,
 * where 833 readings/s reach every 96-status chunk between two requests), with the event loop held by
 * other work as ingest commits hold it: BUSY ms of work every BUSY + GAP ms. Times each request
 * from the list's assembly to its last compressed piece, this checkout's GzipChunks and another
 * checkout's (BASE, e.g. main built in a second worktree) alternated in one process.
 *
 *   curl -s http://127.0.0.1:PORT/api/fridges > /tmp/list.json   # during bench:scale
 *   npx tsx bench/listGzipUnderLoad.ts /tmp/list.json BASE [fridges] [changes] [requests] [busy ms] [gap ms]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { FridgeStatus } from '../contract/api';
import { PublicStatusCache } from '../server/features/publicStatusCache';
import type { StatusListBody } from '../server/features/statusListBody';
import { GzipChunks, LIST_GZIP_AHEAD, LIST_GZIP_LEVEL } from '../server/features/statusListGzip';

const [
  file,
  base,
  fridgesArg = '10000',
  changesArg = '800',
  requestsArg = '10',
  busyArg = '60',
  gapArg = '20',
] = process.argv.slice(2);
if (!file || !base)
  throw new Error('usage: listGzipUnderLoad.ts LIST.json BASE [fridges] [changes] [requests] [busy] [gap]');
const changes = Number(changesArg);
const saved = JSON.parse(readFileSync(file, 'utf8')) as FridgeStatus[];
const fridges = Number(fridgesArg);
const busyMs = Number(busyArg);
const gapMs = Number(gapArg);
type Stream = { stream(body: StatusListBody): AsyncGenerator<Buffer> };
const baseModule = (await import(`${base}/server/features/statusListGzip.ts`)) as {
  GzipChunks: new () => Stream;
};

// The saved statuses repeated under new ids up to `fridges`.
const byId = new Map<string, FridgeStatus>();
for (let i = 0; i < fridges; i++) {
  const status = saved[i % saved.length] as FridgeStatus;
  const id = `${status.id}-${Math.floor(i / saved.length)}`;
  byId.set(id, { ...status, id });
}
const ids = [...byId.keys()].sort();
let nowMs = Date.UTC(2026, 11, 1, 10, 0);
const cache = new PublicStatusCache(
  (id) => byId.get(id) ?? null,
  () => ids,
  () => nowMs,
);

/**
 * CHANGES statuses replaced at random (a new lastSeen), as a second of the load's announcements
 * replaces them: 800 of 10,000 reach all but a few of the 105 chunks.
 */
function change(): void {
  nowMs += 1000;
  const lastSeen = new Date(nowMs).toISOString();
  for (let i = 0; i < changes; i++) {
    const id = ids[Math.floor(Math.random() * ids.length)] as string;
    const status = { ...(byId.get(id) as FridgeStatus), lastSeen };
    byId.set(id, status);
    cache.put(id, status);
  }
}

// The other work: BUSY ms holding the loop, then GAP ms free, until stopped.
let loadOn = true;
function hold(): void {
  if (!loadOn) return;
  const until = performance.now() + busyMs;
  while (performance.now() < until) {}
  setTimeout(hold, gapMs);
}

async function timeOne(chunks: Stream): Promise<{ ms: number; assemblyMs: number; bytes: number }> {
  change();
  const started = performance.now();
  const { body } = cache.list();
  const assemblyMs = performance.now() - started;
  let bytes = 0;
  for await (const part of chunks.stream(body)) bytes += part.length;
  return { ms: performance.now() - started, assemblyMs, bytes };
}

// BENCH_GZIP_AHEAD tries another number of chunks handed to the pool at once.
const ahead = Number(process.env.BENCH_GZIP_AHEAD ?? LIST_GZIP_AHEAD);
const versions = {
  this: new GzipChunks(LIST_GZIP_LEVEL, ahead) as Stream,
  base: new baseModule.GzipChunks(),
};
const results: Record<keyof typeof versions, { ms: number[]; assemblyMs: number[]; bytes: number }> = {
  this: { ms: [], assemblyMs: [], bytes: 0 },
  base: { ms: [], assemblyMs: [], bytes: 0 },
};
// Warm both (the first compression of every chunk), then start the load.
for (const chunks of Object.values(versions)) await timeOne(chunks);
setTimeout(hold, gapMs);
for (let request = 0; request < Number(requestsArg); request++) {
  for (const name of request % 2 === 0 ? (['this', 'base'] as const) : (['base', 'this'] as const)) {
    const { ms, assemblyMs, bytes } = await timeOne(versions[name]);
    results[name].ms.push(ms);
    results[name].assemblyMs.push(assemblyMs);
    results[name].bytes = bytes;
  }
}
loadOn = false;
const at = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(0);
};
console.log(
  `${fridges} statuses, ${changes} changed before each request; loop held ${busyMs} ms of every ${busyMs + gapMs} ms`,
);
for (const [name, { ms, assemblyMs, bytes }] of Object.entries(results))
  console.log(
    `  ${name}: to the last piece p50 ${at(ms, 0.5)} / max ${at(ms, 1)} ms (of it the assembly p50 ${at(assemblyMs, 0.5)} ms), ${(bytes / 1e6).toFixed(2)} MB`,
  );
