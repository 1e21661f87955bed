/**
 * The list's assembly alone (`PublicStatusCache.list()`, `GET /api/fridges`), without the load's
 * other work: N statuses of a list saved from a bench:scale server, CHANGES of them replaced
 * between two requests (as announcements do: a new object, serialised once by the live feed),
 * then the list assembled and walked as the response would send it.
 *
 *   curl -s http://127.0.0.1:PORT/api/fridges > /tmp/list.json   # during bench:scale
 *   npx tsx bench/listAssembly.ts /tmp/list.json [changes per request] [requests]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { FridgeStatus } from '../contract/api';
import { PublicStatusCache } from '../server/features/publicStatusCache';
import { statusJson } from '../server/features/statusJson';

const [file, changesArg = '800', requestsArg = '60'] = process.argv.slice(2);
if (!file) throw new Error('usage: listAssembly.ts LIST.json [changes] [requests]');
const saved = JSON.parse(readFileSync(file, 'utf8')) as FridgeStatus[];
const changes = Number(changesArg);
const requests = Number(requestsArg);
const byId = new Map(saved.map((status) => [status.id, status]));
const ids = [...byId.keys()].sort();
let nowMs = Date.UTC(2026, 11, 1, 10, 0);
const cache = new PublicStatusCache(
  (id) => byId.get(id) ?? null,
  () => ids,
  () => nowMs,
);
cache.list();

const times: number[] = [];
const chunkTimes: number[] = [];
let sent = 0;
for (let request = 0; request < requests; request++) {
  for (let i = 0; i < changes; i++) {
    const id = ids[Math.floor(Math.random() * ids.length)] as string;
    const status = { ...(byId.get(id) as FridgeStatus), lastSeen: new Date(nowMs).toISOString() };
    byId.set(id, status);
    statusJson(status);
    cache.put(id, status);
  }
  nowMs += 1000;
  const started = performance.now();
  const list = cache.list();
  times.push(performance.now() - started);
  // What the response then does a chunk per turn (the route's stream reads one at a time).
  const chunks = list.body.chunks();
  for (;;) {
    const chunkStarted = performance.now();
    const next = chunks.next();
    if (next.done) break;
    chunkTimes.push(performance.now() - chunkStarted);
    sent += next.value.length;
  }
}
const at = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2);
};
console.log(
  `${saved.length} statuses, ${changes} changed per request, ${requests} requests (${(sent / requests / 1e6).toFixed(1)} MB each):\n` +
    `  list() in the request's turn p50 ${at(times, 0.5)} / p90 ${at(times, 0.9)} / max ${at(times, 1)} ms\n` +
    `  each chunk encoded (a turn of its own) p50 ${at(chunkTimes, 0.5)} / p99 ${at(chunkTimes, 0.99)} / max ${at(chunkTimes, 1)} ms`,
);
