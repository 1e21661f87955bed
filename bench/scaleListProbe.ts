/**
 * `GET /api/fridges` timed under bench:scale's load, in a process of its own (forked by
 * `listProbe` in scaleLoad.ts): in the process of the 10,000 MQTT.js devices, reading the plain
 * list waited for that event loop too (at 5,000 fridges its p50 was 350–412 ms where curl, in a
 * process of its own, took 201–206 ms in the same runs: docs/scaling.md, eighth round). Requests
 * run one after another, about one round a second: the plain list, the same with its ETag, the
 * gzip list.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  emptyListTimes,
  type ListProbeReply,
  type ListProbeRequest,
  type ListTimes,
  timeGet,
  timeGzipGet,
} from './scaleHttp';

const ROUND_MS = 1_000;
let running = false;
let done: Promise<ListTimes> | null = null;

async function sample(httpUrl: string): Promise<ListTimes> {
  const times = emptyListTimes();
  const url = `${httpUrl}/api/fridges`;
  const cpuAtStart = process.cpuUsage();
  while (running) {
    const started = Date.now();
    try {
      const full = await timeGet(url);
      times.plainMs.push(full.ms);
      times.plainFirstByteMs.push(full.firstByteMs);
      const again = await timeGet(url, { 'if-none-match': full.etag });
      times.conditionalMs.push(again.ms);
      if (again.status === 304) times.notModified++;
      const gzip = await timeGzipGet(url);
      times.gzipMs.push(gzip.ms);
      times.gzipFirstByteMs.push(gzip.firstByteMs);
      times.gzipLastByteMs.push(gzip.lastByteMs);
      times.gzipMb.push(gzip.compressed / 1e6);
    } catch {
      times.failed++;
    }
    await sleep(Math.max(0, ROUND_MS - (Date.now() - started)));
  }
  const cpu = process.cpuUsage(cpuAtStart);
  times.probeCpuMs = (cpu.user + cpu.system) / 1000;
  return times;
}

process.on('message', (request: ListProbeRequest) => {
  if (request.kind === 'start') {
    running = true;
    done = sample(request.httpUrl);
  } else {
    running = false;
    void done?.then((times) => process.send?.({ kind: 'times', times } satisfies ListProbeReply));
  }
});
