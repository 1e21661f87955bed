/**
 * The stock estimator's memory at N fridges (issue 12, docs/scaling.md "Eighth round"): the rows
 * its periodic save writes per reading and the heap they allocate, and the heap its states hold
 * per fridge, live and as restored from their saved JSON. The real feature (`StockEstimation`) on
 * an in-memory database of N fridges (three shelves, door, probe), fed issue 12's load (a reading
 * per sensor per minute, sensors in a shuffled order) on a simulated clock, 100 readings per batch;
 * the save's rounds begin every `saveEverySeconds` of that clock and their slices run between
 * batches, as they run between commits. Counting starts after a minute and a save interval.
 *
 *   node --expose-gc --max-semi-space-size=256 --import tsx bench/estimatorMemory.ts \
 *     [fridges=10000] [minutes=9] [saveEverySeconds=120]
 *
 * The large young generation keeps scavenges out of most saves, whose heap is read before and after
 * (a save a collection interrupted reads negative and is left out).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { SensorValue } from '../contract/payloads';
import { DEFAULT_LEVELS } from '../server/config';
import {
  DEFAULT_ESTIMATOR_CONFIG,
  type EstimatorState,
  ownedEstimatorState,
} from '../server/domain/estimation';
import { EventBus } from '../server/eventBus';
import { EstimatorStates } from '../server/features/estimatorStates';
import { FridgeCatalog } from '../server/features/fridgeCatalog';
import { StockEstimation } from '../server/features/stockEstimation';
import { openMemoryDatabase } from '../server/storage/database';
import { EstimatorStateStore } from '../server/storage/estimatorStateStore';
import { FridgeRepository } from '../server/storage/fridgeRepository';
import { SqliteReadingStore } from '../server/storage/readingStore';
import { SessionStore } from '../server/storage/sessionStore';
import { StateStore } from '../server/storage/stateStore';
import { StockHistoryStore } from '../server/storage/stockHistoryStore';

const [fridgesArg = '10000', minutesArg = '9', everyArg = '120'] = process.argv.slice(2);
const N = Number(fridgesArg);
const SAVE_EVERY_MS = Number(everyArg) * 1000;
const START_MS = 1_796_119_200_000;
const END_MS = START_MS + Number(minutesArg) * 60_000;
const COUNT_FROM_MS = START_MS + 60_000 + SAVE_EVERY_MS;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heapAfterGc = () => {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
};

let nowMs = START_MS;
const clock = { nowMs: () => nowMs };
const silent = { warn() {}, info() {}, error() {}, debug() {} };
const db = openMemoryDatabase();
const fridges = new FridgeRepository(db, clock.nowMs);
const shelves = ['s1', 's2', 's3'].map((id) => ({ id, tareKg: 2, capacityKg: 20 }));
db.transaction(() => {
  for (let i = 0; i < N; i++)
    fridges.insert({
      id: `f${i}`,
      name: `f${i}`,
      kind: 'fridge',
      address: null,
      simulated: false,
      shelves,
      levels: null,
      location: null,
      openingHours: null,
    });
})();
const bus = new EventBus(silent);
const catalog = new FridgeCatalog({
  fridges,
  states: new StateStore(db),
  bus,
  clock,
  defaultLevels: DEFAULT_LEVELS,
  timeZone: 'UTC',
});
catalog.start();

/** The save as the feature makes it, counted: rows, their JSON, and the heap each save allocated. */
const counted = { on: false, rows: 0, jsonBytes: 0, heapBytes: 0, heapRows: 0 };
class CountingStore extends EstimatorStateStore {
  override save(upTo: number, changed: Iterable<[string, EstimatorState]>, allUpTo?: number | null): void {
    const rows = [...changed];
    const before = process.memoryUsage().heapUsed;
    super.save(upTo, rows, allUpTo);
    const allocated = process.memoryUsage().heapUsed - before;
    if (!counted.on) return;
    counted.rows += rows.length;
    for (const [, state] of rows) counted.jsonBytes += JSON.stringify(state).length;
    if (allocated > 0) {
      counted.heapBytes += allocated;
      counted.heapRows += rows.length;
    }
  }
}

const slices: Array<() => void> = [];
const estimationOptions: ConstructorParameters<typeof StockEstimation>[0] = {
  db,
  readings: new SqliteReadingStore(db),
  sessions: new SessionStore(db),
  history: new StockHistoryStore(db),
  saved: new CountingStore(db),
  fridges,
  catalog,
  bus,
  clock,
  config: DEFAULT_ESTIMATOR_CONFIG,
  timeZone: 'UTC',
  logger: silent,
  // Rounds are begun below on the simulated clock; the feature's own timers never fire while the
  // readings are fed (one synchronous loop), and the process exits at the end.
  tickMs: 2 ** 31 - 1,
  snapshotMs: 2 ** 31 - 1,
  deferSaveSlice: (slice: () => void) => {
    slices.push(slice);
    return () => {
      const at = slices.indexOf(slice);
      if (at >= 0) slices.splice(at, 1);
    };
  },
};
const estimation = new StockEstimation(estimationOptions);
estimation.start();
// The feature's private save, begun on the simulated clock, and its states, weighed below.
const internals = estimation as unknown as {
  saver: { begin(): void; changed(id: string): void; saveAll(): void };
  states: EstimatorStates;
};

const sensors = Array.from({ length: N * 5 }, (_, i) => i);
for (let i = sensors.length - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [sensors[i], sensors[j]] = [sensors[j] as number, sensors[i] as number];
}
const gapMs = 60_000 / (5 * N);
let sent = 0;
let readings = 0;
let nextSaveMs = START_MS + SAVE_EVERY_MS;
let cpuFrom: NodeJS.CpuUsage | null = null;
while (nowMs < END_MS) {
  for (let b = 0; b < 100; b++, sent++) {
    const sensor = sensors[sent % sensors.length] as number;
    const kind = sensor % 5;
    nowMs += gapMs;
    const value: SensorValue =
      kind < 3
        ? { kind: 'weight', shelfId: `s${kind + 1}`, kg: 10 + ((sent * 7919) % 13) * 0.001 }
        : kind === 3
          ? { kind: 'door', open: false }
          : { kind: 'temperature', celsius: 4 + (sent % 7) * 0.1 };
    bus.emit('readingAccepted', {
      id: sent + 1,
      fridgeId: `f${Math.floor(sensor / 5)}`,
      deviceId: null,
      value,
      measuredAtMs: nowMs,
      receivedAtMs: nowMs,
      late: false,
    });
    if (counted.on) readings++;
  }
  if (!counted.on && nowMs >= COUNT_FROM_MS) cpuFrom = process.cpuUsage();
  counted.on ||= nowMs >= COUNT_FROM_MS;
  if (nowMs >= nextSaveMs) {
    internals.saver.begin();
    nextSaveMs += SAVE_EVERY_MS;
  }
  for (const slice of slices.splice(0)) slice();
}
const cpu = process.cpuUsage(cpuFrom ?? undefined);

// A save of every fridge in one round (a clean stop's), then a restart from those rows: both timed.
counted.on = false;
for (let i = 0; i < N; i++) internals.saver.changed(`f${i}`);
const cpuMs = (from: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(from);
  return (user + system) / 1000;
};
let from = process.cpuUsage();
let wallFrom = performance.now();
internals.saver.saveAll();
const saveAll = { cpuMs: cpuMs(from), wallMs: performance.now() - wallFrom };
const savedBytes = db
  .prepare('SELECT SUM(LENGTH(state)) AS bytes, COUNT(*) AS n FROM estimator_states')
  .get() as {
  bytes: number;
  n: number;
};
const restarted = new StockEstimation({ ...estimationOptions, saved: new EstimatorStateStore(db) });
from = process.cpuUsage();
wallFrom = performance.now();
restarted.start();
const restart = { cpuMs: cpuMs(from), wallMs: performance.now() - wallFrom };

// The states' heap: what a restart's copies (JSON, then owned, packed as the feature keeps them)
// add to it, then what the live ones held (the differences are the states alone: everything else
// stays alive to the end).
const live = internals.states;
const saved = [...live.ids()].map((id) => [id, JSON.stringify(live.get(id))] as const);
const withLive = heapAfterGc();
const restored = new EstimatorStates();
for (const [id, json] of saved) restored.set(id, ownedEstimatorState(JSON.parse(json) as EstimatorState));
const withBoth = heapAfterGc();
live.clear();
const withRestored = heapAfterGc();
const kB = (bytes: number) => (bytes / 1000).toFixed(2);
console.log(
  `${N} fridges, ${readings} readings counted (${minutesArg} min simulated, a save every ${everyArg} s), load average ${loadavg()[0]?.toFixed(1)}`,
);
console.log(
  `  save: ${(counted.rows / readings).toFixed(3)} rows per reading, ${kB(counted.jsonBytes / counted.rows)} kB of JSON a row, heap allocated ${kB(counted.heapBytes / counted.heapRows)} kB a row = ${kB((counted.heapBytes / counted.heapRows) * (counted.rows / readings))} kB per reading`,
);
console.log(
  `  states held: live ${kB((withBoth - withRestored) / N)} kB a fridge, restored from JSON ${kB((withBoth - withLive) / N)} kB a fridge (${[...restored.ids()].length} restored)`,
);
console.log(
  `  feature CPU over the counted readings: ${((cpu.user + cpu.system) / readings).toFixed(1)} µs per reading (user ${(cpu.user / readings).toFixed(1)}, system ${(cpu.system / readings).toFixed(1)})`,
);
// Everything but the states stays alive to the end, so the differences above are the states alone.
console.log(
  `  a save of every fridge: ${savedBytes.n} rows, ${(savedBytes.bytes / 1e6).toFixed(2)} MB of JSON, ${saveAll.cpuMs.toFixed(0)} ms of CPU (${saveAll.wallMs.toFixed(0)} ms wall); a restart from them: ${restart.cpuMs.toFixed(0)} ms of CPU (${restart.wallMs.toFixed(0)} ms wall)`,
);
if ([estimation, restarted, catalog, bus, db, fridges, saved, restored].includes(undefined as never))
  console.log('unreachable');
process.exit(0);
