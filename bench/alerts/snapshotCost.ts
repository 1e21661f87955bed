/**
 * What one save round of the alert rules' memory costs at N fridges, each with a day of gaps per
 * device and probe (`bench/dayOfGaps.ts`), every fridge changed since the last round (at 10,000
 * fridges under issue 12's load every fridge reports within the minute between two rounds): the
 * real `AlertSnapshots` and `AlertRepository` on a real SQLite file, the slices run one after
 * another. Prints, for the timed round: heap bytes and array buffers allocated per fridge saved
 * (counted over the slices in which no scavenge ran), CPU per fridge
 * and the longest slice's CPU (a slice is one turn of the event loop), the bytes saved per fridge
 * (the rows' values, and the database file's pages), and the restart: CPU to load every fridge's
 * memory back (`loadStates`).
 *
 *   node --import tsx --min-semi-space-size=256 --max-semi-space-size=256 --expose-gc \
 *     bench/alerts/snapshotCost.ts [fridges=10000] [rounds=3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { alertStep } from '../../server/domain/alerts/rules';
import type { AlertContext, FridgeAlertState } from '../../server/domain/alerts/types';
import {
  AlertSnapshots,
  SNAPSHOT_SLICE_ROWS,
  stateWriter,
} from '../../server/features/alerts/alertSnapshots';
import { AlertRepository } from '../../server/storage/alertRepository';
import { openDatabase } from '../../server/storage/database';
import { dayOfGapsFridge } from '../dayOfGaps';

const fridges = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** Monday 30 November 2026, 12:00 UTC. */
const START_MS = Date.UTC(2026, 10, 30, 12);
const ids: string[] = [];
const states = new Map<string, FridgeAlertState>();
const contexts: AlertContext[] = [];
for (let n = 0; n < fridges; n++) {
  const { id, state, context } = dayOfGapsFridge(n, START_MS);
  ids.push(id);
  states.set(id, state);
  contexts.push(context);
}

let atMs = START_MS;
/** Every fridge hears its device once (a temperature reading): its memory and both gap logs change. */
function stepEveryFridge(): void {
  for (let n = 0; n < fridges; n++) {
    atMs += 6;
    const id = ids[n] as string;
    const event = {
      type: 'reading' as const,
      deviceId: `bench-${n}-dev`,
      receivedAtMs: atMs,
      value: { kind: 'temperature' as const, celsius: 4 + (n % 8) / 8 },
    };
    states.set(
      id,
      alertStep(states.get(id) as FridgeAlertState, event, atMs, contexts[n] as AlertContext).state,
    );
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'alert-snapshot-'));
const db = openDatabase(dataDir);
const repository = new AlertRepository(db);
const slices: Array<() => void> = [];
const snapshots = new AlertSnapshots({
  logger: { warn() {}, error: (obj) => console.error(obj) },
  write: stateWriter(db, repository, states, () => 0),
  defer(slice) {
    slices.push(slice);
    return () => slices.splice(slices.indexOf(slice), 1);
  },
});

const youngUsed = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;
const cpuUs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

/**
 * One round of every fridge. Heap bytes are summed over the slices in which no scavenge ran (the
 * young generation did not shrink across it), per fridge those slices saved: a round allocates
 * more than any young generation V8 allows, so a whole-round window would always hold collections.
 */
async function round() {
  stepEveryFridge();
  for (const id of ids) snapshots.changed(id);
  gc?.();
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const buffersBefore = process.memoryUsage().arrayBuffers;
  const cpu = process.cpuUsage();
  let longestSliceUs = 0;
  let heapBytes = 0;
  let countedFridges = 0;
  let sliceStart = 0;
  snapshots.begin();
  while (slices.length > 0) {
    const slice = slices.shift() as () => void;
    const young = youngUsed();
    const heapBefore = getHeapStatistics().used_heap_size;
    const sliceCpu = process.cpuUsage();
    slice();
    longestSliceUs = Math.max(longestSliceUs, cpuUs(sliceCpu));
    const sliceFridges = Math.min(SNAPSHOT_SLICE_ROWS, fridges - sliceStart);
    sliceStart += sliceFridges;
    if (youngUsed() >= young) {
      heapBytes += getHeapStatistics().used_heap_size - heapBefore;
      countedFridges += sliceFridges;
    }
  }
  return {
    cpuUs: cpuUs(cpu),
    longestSliceUs,
    heapBytesPerFridge: heapBytes / countedFridges,
    countedFridges,
    bufferBytes: process.memoryUsage().arrayBuffers - buffersBefore,
  };
}

try {
  // The first round inserts the rows; the timed ones update them, as a running server does.
  await round();
  for (let r = 0; r < rounds; r++) {
    const result = await round();
    const per = (x: number) => (x / fridges).toFixed(0);
    console.log(
      `save round, ${fridges} fridges: heap ${result.heapBytesPerFridge.toFixed(0)} B ` +
        `(over the ${result.countedFridges} fridges of slices without a scavenge) + array buffers ` +
        `${per(result.bufferBytes)} B allocated per fridge, ${(result.cpuUs / fridges).toFixed(1)} µs CPU per fridge, ` +
        `longest slice ${(result.longestSliceUs / 1000).toFixed(1)} ms CPU`,
    );
  }
  let valueBytes = 0;
  for (const row of db.prepare('SELECT * FROM alert_state').iterate() as Iterable<Record<string, unknown>>) {
    for (const value of Object.values(row)) {
      if (typeof value === 'string') valueBytes += Buffer.byteLength(value);
      else if (value instanceof Uint8Array) valueBytes += value.byteLength;
    }
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  console.log(
    `saved per fridge: ${(valueBytes / fridges).toFixed(0)} B of row values; database file ${((pages * pageSize) / fridges).toFixed(0)} B per fridge (${pages} pages of ${pageSize} B, every table)`,
  );
  for (let r = 0; r < 3; r++) {
    gc?.();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const loaded = new AlertRepository(db).loadStates();
    console.log(
      `restart: ${loaded.size} fridges' memory loaded in ${(cpuUs(cpu) / 1000).toFixed(0)} ms CPU (${(performance.now() - started).toFixed(0)} ms wall)`,
    );
  }
} finally {
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
