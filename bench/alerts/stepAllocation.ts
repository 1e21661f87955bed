/**
 * What the alert rules allocate per reading at N fridges, each with a day of gaps per device and
 * probe (`bench/dayOfGaps.ts`): the pure step (`alertStep`) and the next deadline the feature asks
 * after it (`nextAlertDeadline`), on a shuffled stream of the fixture's sensors (three shelves,
 * door, probe per fridge), 1.2 ms apart (830 readings/s, issue 12's load). Counted without a
 * collection in the window (a young generation fixed large enough for it; checked): heap bytes
 * from `used_heap_size`, typed arrays' backing stores (outside the heap, which V8's sampling heap
 * profiler does not see) from `arrayBuffers`, CPU from `process.cpuUsage`.
 *
 *   node --import tsx --min-semi-space-size=256 --max-semi-space-size=256 --expose-gc \
 *     bench/alerts/stepAllocation.ts [fridges=10000] [readings=5000]
 */
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import type { SensorValue } from '../../contract/payloads';
import { alertStep, nextAlertDeadline } from '../../server/domain/alerts/rules';
import type { AlertContext, FridgeAlertState } from '../../server/domain/alerts/types';
import { dayOfGapsFridge } from '../dayOfGaps';
import { heapSampling } from '../heapSamples';

const fridges = Number(process.argv[2] ?? 10_000);
const readings = Number(process.argv[3] ?? 5_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** Monday 30 November 2026, 12:00 UTC. */
const START_MS = Date.UTC(2026, 10, 30, 12);
const states: FridgeAlertState[] = [];
const contexts: AlertContext[] = [];
for (let n = 0; n < fridges; n++) {
  const { state, context } = dayOfGapsFridge(n, START_MS);
  states.push(state);
  contexts.push(context);
}

/** A deterministic shuffle of (fridge, sensor) pairs: a small linear congruential generator. */
let seed = 12_345;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const SENSORS = 5;
let atMs = START_MS;
function readingAt(i: number): { n: number; value: SensorValue } {
  const n = Math.floor(random() * fridges);
  const sensor = i % SENSORS;
  const value: SensorValue =
    sensor < 3
      ? { kind: 'weight', shelfId: `s${sensor + 1}`, kg: 5 + Math.round(random() * 40) / 10 }
      : sensor === 3
        ? { kind: 'door', open: random() < 0.5 }
        : { kind: 'temperature', celsius: 3.5 + Math.round(random() * 16) / 16 };
  return { n, value };
}

const youngUsed = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;

async function run(
  count: number,
): Promise<{ cpuUs: number; heapBytes: number; bufferBytes: number; collections: number }> {
  const stream = Array.from({ length: count }, (_, i) => readingAt(i));
  gc?.();
  gc?.();
  // The collector's helper threads finish sweeping before the window opens.
  await new Promise((resolve) => setTimeout(resolve, 100));
  // A scavenge in the window shows as the young generation shrinking between two samples.
  let collections = 0;
  let young = youngUsed();
  const heapBefore = getHeapStatistics().used_heap_size;
  const buffersBefore = process.memoryUsage().arrayBuffers;
  const cpu = process.cpuUsage();
  for (const [i, { n, value }] of stream.entries()) {
    if (i % 256 === 0) {
      const now = youngUsed();
      if (now < young) collections++;
      young = now;
    }
    atMs += 1.2;
    const receivedAtMs = Math.round(atMs);
    const context = contexts[n] as AlertContext;
    const event = { type: 'reading' as const, deviceId: `bench-${n}-dev`, receivedAtMs, value };
    const step = alertStep(states[n] as FridgeAlertState, event, receivedAtMs, context);
    states[n] = step.state;
    nextAlertDeadline(step.state, context);
  }
  const used = process.cpuUsage(cpu);
  const heapBytes = getHeapStatistics().used_heap_size - heapBefore;
  const bufferBytes = process.memoryUsage().arrayBuffers - buffersBefore;
  if (youngUsed() < young) collections++;
  return { cpuUs: used.user + used.system, heapBytes, bufferBytes, collections };
}

// Warm-up: every fridge's code paths compiled, each log stepped a few times.
await run(Math.min(readings, 20_000));
// BENCH_HEAP_SAMPLES=all: where the bytes are allocated (bench/heapSamples.ts), in a window of its own.
if (process.env.BENCH_HEAP_SAMPLES) {
  await heapSampling.start();
  await run(readings);
  await heapSampling.stop(readings);
}
const result = await run(readings);
const per = (x: number) => (x / readings).toFixed(0);
console.log(
  `alert rules at ${fridges} fridges (a day of gaps each), ${readings} readings: ` +
    `heap ${per(result.heapBytes)} B + array buffers ${per(result.bufferBytes)} B allocated per reading, ` +
    `${(result.cpuUs / readings).toFixed(1)} µs CPU per reading` +
    (result.collections > 0 ? ` (${result.collections} collections in the window: bytes undercounted)` : ''),
);
