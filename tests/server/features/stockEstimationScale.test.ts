import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SensorValue } from '../../../contract/payloads';
import { DEFAULT_LEVELS } from '../../../server/config';
import {
  DEFAULT_ESTIMATOR_CONFIG,
  type EstimatorState,
  getStockEstimate,
} from '../../../server/domain/estimation';
import { createEstimatorState, stepEstimator } from '../../../server/domain/estimation/estimator';
import { estimatorEventOf } from '../../../server/domain/estimation/events';
import { EventBus } from '../../../server/eventBus';
import { FridgeCatalog } from '../../../server/features/fridgeCatalog';
import { StockEstimation } from '../../../server/features/stockEstimation';
import { type Db, openMemoryDatabase } from '../../../server/storage/database';
import { EstimatorStateStore } from '../../../server/storage/estimatorStateStore';
import { FridgeRepository } from '../../../server/storage/fridgeRepository';
import { SqliteReadingStore } from '../../../server/storage/readingStore';
import { SessionStore } from '../../../server/storage/sessionStore';
import { StateStore } from '../../../server/storage/stateStore';
import { StockHistoryStore } from '../../../server/storage/stockHistoryStore';
import { storedReading } from '../../helpers/storedReadings';
import { TestClock } from '../../helpers/testClock';
import { silentLogger, TEST_START_MS } from '../../helpers/testSystem';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const TICK_MS = 5 * SECOND;
const SNAPSHOT_MS = 10 * SECOND;
const config = DEFAULT_ESTIMATOR_CONFIG;
const SHELVES = [
  { id: 's1', tareKg: 2, capacityKg: 20 },
  { id: 's2', tareKg: 3, capacityKg: 20 },
];
const IDS = ['apple', 'birch', 'cedar'];

/** The store, recording which fridges each save wrote. */
class RecordingStore extends EstimatorStateStore {
  readonly saves: string[][] = [];
  override save(
    rowsUpTo: number,
    changed: Iterable<[string, EstimatorState]>,
    allUpTo?: number | null,
  ): void {
    const list = [...changed];
    this.saves.push(list.map(([id]) => id).sort());
    super.save(rowsUpTo, list, allUpTo);
  }
}

/** A save's slices, run by hand: the test decides where between two slices the server dies. */
class ManualSlices {
  private readonly waiting: Array<() => void> = [];
  readonly defer = (slice: () => void) => {
    this.waiting.push(slice);
    return () => {
      const at = this.waiting.indexOf(slice);
      if (at >= 0) this.waiting.splice(at, 1);
    };
  };
  runOne(): void {
    this.waiting.shift()?.();
  }
  runAll(): void {
    while (this.waiting.length > 0) this.runOne();
  }
  get pending(): number {
    return this.waiting.length;
  }
}

/** The estimator feature over `db`, as the server wires it, with its bus and catalogue. */
function estimationOn(db: Db, clock: TestClock, slices?: ManualSlices) {
  const bus = new EventBus(silentLogger);
  const fridges = new FridgeRepository(db, clock.nowMs);
  const catalog = new FridgeCatalog({
    fridges,
    states: new StateStore(db),
    bus,
    clock,
    defaultLevels: DEFAULT_LEVELS,
    timeZone: 'UTC',
  });
  catalog.start();
  const saved = new RecordingStore(db);
  const estimation = new StockEstimation({
    db,
    readings: new SqliteReadingStore(db),
    sessions: new SessionStore(db),
    history: new StockHistoryStore(db),
    saved,
    fridges,
    catalog,
    bus,
    clock,
    config,
    timeZone: 'UTC',
    logger: silentLogger,
    tickMs: TICK_MS,
    snapshotMs: SNAPSHOT_MS,
    ...(slices ? { saveSliceRows: 1, deferSaveSlice: slices.defer } : {}),
  });
  const sessions: Array<{ fridgeId: string; closedAtMs: number; announcedAtMs: number }> = [];
  bus.on('doorSession', 'test', (s) =>
    sessions.push({ fridgeId: s.fridgeId, closedAtMs: s.closedAtMs, announcedAtMs: clock.nowMs() }),
  );
  estimation.start();
  const sent: Array<{ fridgeId: string; value: SensorValue; atMs: number }> = [];
  const log = new SqliteReadingStore(db);
  /** A committed reading, as ingest stores and then announces it. */
  const reading = (fridgeId: string, value: SensorValue) => {
    sent.push({ fridgeId, value, atMs: clock.nowMs() });
    const at = clock.nowMs();
    log.append([storedReading(fridgeId, fridgeId, at, value, { deviceId: null })]);
    bus.emit('readingAccepted', {
      id: (db.prepare('SELECT MAX(id) AS id FROM readings').get() as { id: number }).id,
      fridgeId,
      deviceId: null,
      value,
      measuredAtMs: clock.nowMs(),
      receivedAtMs: clock.nowMs(),
      late: false,
    });
  };
  return { estimation, saved, sessions, reading, sent };
}

function newDatabase(): Db {
  const db = openMemoryDatabase();
  const fridges = new FridgeRepository(db, () => TEST_START_MS);
  for (const id of IDS)
    fridges.insert({
      id,
      name: id,
      kind: 'fridge',
      address: null,
      simulated: false,
      shelves: SHELVES,
      levels: null,
      location: null,
      openingHours: null,
    });
  return db;
}

type System = ReturnType<typeof estimationOn>;

/** Moves the clock and the feature's timers together, 1 s at a time. */
function advance(clock: TestClock, ms: number): void {
  for (let left = ms; left > 0; left -= SECOND) {
    clock.advance(SECOND);
    vi.advanceTimersByTime(SECOND);
  }
}

/** Each fridge's door shut and its shelves settled, then a visit to `apple` taking 3 kg from s1. */
function settleAndVisit(clock: TestClock, systems: System[]): void {
  const all = (fn: (s: System) => void) => {
    for (const s of systems) fn(s);
  };
  for (const id of IDS) all((s) => s.reading(id, { kind: 'door', open: false }));
  for (let i = 0; i < 8; i++) {
    advance(clock, 7 * SECOND);
    for (const id of IDS)
      for (const shelf of SHELVES)
        all((s) =>
          s.reading(id, { kind: 'weight', shelfId: shelf.id, kg: shelf.tareKg + 10 + (i % 2) * 0.004 }),
        );
  }
  advance(clock, 20 * SECOND);
  all((s) => s.reading('apple', { kind: 'door', open: true }));
  advance(clock, 15 * SECOND);
  all((s) => s.reading('apple', { kind: 'door', open: false }));
  for (let i = 0; i < 8; i++) {
    advance(clock, 7 * SECOND);
    for (const shelf of SHELVES) {
      const kg = shelf.tareKg + (shelf.id === 's1' ? 7 : 10) + (i % 2) * 0.004;
      all((s) => s.reading('apple', { kind: 'weight', shelfId: shelf.id, kg }));
    }
  }
}

const viewsOf = (system: System) => IDS.map((id) => system.estimation.view(id));
const views = (system: System, id: string) => system.estimation.view(id)?.estimate;
const rowsOf = (db: Db) =>
  db.prepare('SELECT fridge_id, state FROM estimator_states ORDER BY fridge_id').all();

describe('the stock estimator at scale: saves and ticks only what changed', () => {
  let clock: TestClock;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] });
    clock = new TestClock(TEST_START_MS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a restart restores every fridge exactly: the same states and figures as a run without one', () => {
    const restartedDb = newDatabase();
    const continuousDb = newDatabase();
    let restarted = estimationOn(restartedDb, clock);
    const continuous = estimationOn(continuousDb, clock);
    settleAndVisit(clock, [restarted, continuous]);
    expect(restarted.sessions.map((s) => s.fridgeId)).toEqual(['apple']);
    // One more reading after the last save, then a stop between saves (a tick's multiple, so the
    // restarted timers keep the continuous one's phase).
    advance(clock, 2 * SECOND);
    for (const s of [restarted, continuous])
      s.reading('birch', { kind: 'weight', shelfId: 's2', kg: 13.002 });
    advance(clock, 3 * SECOND);
    const before = viewsOf(restarted);
    restarted.estimation.stop();
    expect(rowsOf(restartedDb)).toHaveLength(IDS.length);

    restarted = estimationOn(restartedDb, clock);
    expect(viewsOf(restarted)).toEqual(before);
    // Both go on alike: a visit to cedar, read the same way by both.
    advance(clock, 10 * SECOND);
    for (const s of [restarted, continuous]) s.reading('cedar', { kind: 'door', open: true });
    advance(clock, 20 * SECOND);
    for (const s of [restarted, continuous]) s.reading('cedar', { kind: 'door', open: false });
    for (let i = 0; i < 8; i++) {
      advance(clock, 7 * SECOND);
      for (const s of [restarted, continuous]) {
        s.reading('cedar', { kind: 'weight', shelfId: 's1', kg: 2 + 10 + (i % 2) * 0.004 });
        s.reading('cedar', { kind: 'weight', shelfId: 's2', kg: 3 + 12 + (i % 2) * 0.004 });
      }
    }
    advance(clock, 2 * MINUTE);
    expect(viewsOf(restarted)).toEqual(viewsOf(continuous));
    restarted.estimation.stop();
    continuous.estimation.stop();
    expect(rowsOf(restartedDb)).toEqual(rowsOf(continuousDb));
    // Cedar's visit was measured once, at the same instant, by both.
    const cedarVisits = (system: System) => system.sessions.filter((v) => v.fridgeId === 'cedar');
    expect(cedarVisits(restarted)).toHaveLength(1);
    expect(cedarVisits(restarted)).toEqual(cedarVisits(continuous));
  });

  it('a save writes only the fridges whose estimator stepped since the last one', () => {
    const system = estimationOn(newDatabase(), clock);
    settleAndVisit(clock, [system]);
    advance(clock, SNAPSHOT_MS);
    system.saved.saves.length = 0;
    advance(clock, 3 * SNAPSHOT_MS);
    // Nothing arrived: nothing stepped, nothing written.
    expect(system.saved.saves).toEqual([[], [], []]);
    system.reading('birch', { kind: 'weight', shelfId: 's1', kg: 12.003 });
    advance(clock, SNAPSHOT_MS);
    expect(system.saved.saves.at(-1)).toEqual(['birch']);
    system.estimation.stop();
  });

  it('does not step a fridge with no activity, and a door left open still times out on time', () => {
    const system = estimationOn(newDatabase(), clock);
    settleAndVisit(clock, [system]);
    advance(clock, 2 * SNAPSHOT_MS);
    system.saved.saves.length = 0;
    const openedAt = clock.nowMs();
    system.reading('birch', { kind: 'door', open: true });
    const endMs = openedAt + config.doorOpenTimeoutMs + config.settleTimeoutMs + MINUTE;
    advance(clock, endMs - clock.nowMs());
    // Only birch stepped: apple and cedar, shut and still, were in no save.
    expect(new Set(system.saved.saves.flat())).toEqual(new Set(['birch']));

    // The pure estimator fed birch's readings and ticked every 5 s, as every fridge was before.
    let reference = createEstimatorState('birch', SHELVES, config);
    const closes: Array<{ closedAtMs: number; atMs: number }> = [];
    const apply = (event: Parameters<typeof stepEstimator>[1], nowMs: number) => {
      const step = stepEstimator(reference, event, nowMs, config);
      reference = step.state;
      for (const e of step.effects)
        if (e.type === 'doorSession') closes.push({ closedAtMs: e.closedAt, atMs: nowMs });
    };
    const readings = system.sent.filter((r) => r.fridgeId === 'birch');
    let next = 0;
    for (let tickAt = TEST_START_MS + TICK_MS; tickAt <= endMs; tickAt += TICK_MS) {
      for (; next < readings.length && (readings[next]?.atMs ?? 0) < tickAt; next++) {
        const r = readings[next];
        const event = r && estimatorEventOf(r.value, r.atMs);
        if (r && event) apply(event, r.atMs);
      }
      apply({ type: 'tick' }, tickAt);
    }
    expect(closes).toHaveLength(1);
    // Deemed left open and closed by the ticks alone, at the same instant as the reference.
    expect(
      system.sessions
        .filter((s) => s.fridgeId === 'birch')
        .map((s) => ({ closedAtMs: s.closedAtMs, atMs: s.announcedAtMs })),
    ).toEqual(closes);
    expect(closes[0]?.closedAtMs).toBeGreaterThanOrEqual(openedAt + config.doorOpenTimeoutMs);
    expect(views(system, 'birch')).toEqual(getStockEstimate(reference, config));
    system.estimation.stop();
  });

  it('a save in slices: a crash between two slices restores every fridge exactly, no reading applied twice', () => {
    const slices = new ManualSlices();
    const crashedDb = newDatabase();
    const crashed = estimationOn(crashedDb, clock, slices);
    const continuous = estimationOn(newDatabase(), clock);
    const both = [crashed, continuous];
    const settle = (ms: number) => {
      for (let left = ms; left > 0; left -= SECOND) {
        advance(clock, SECOND);
        slices.runAll();
      }
    };
    settleAndVisit(clock, both);
    settle(SNAPSHOT_MS);
    // Every fridge steps, then the periodic save begins: a slice (one row) per turn.
    for (const id of IDS) for (const s of both) s.reading(id, { kind: 'weight', shelfId: 's1', kg: 12.01 });
    crashed.saved.saves.length = 0;
    advance(clock, SNAPSHOT_MS);
    expect(slices.pending).toBe(1);
    slices.runOne();
    expect(crashed.saved.saves).toEqual([['apple']]);
    // Between slices: apple (written) and cedar (not yet) step again; apple's later readings are
    // not in its row, and cedar's row is written with them by the next slices.
    for (const s of both) {
      s.reading('apple', { kind: 'door', open: true });
      s.reading('cedar', { kind: 'weight', shelfId: 's2', kg: 15.02 });
    }
    slices.runOne();
    expect(crashed.saved.saves).toEqual([['apple'], ['birch']]);
    // The process dies here: the file is what the two slices left.
    const afterCrash = new Database(crashedDb.serialize());
    const restarted = estimationOn(afterCrash, clock);
    expect(viewsOf(restarted)).toEqual(viewsOf(continuous));
    // Both go on alike: apple's visit ends and is measured once by each.
    advance(clock, 20 * SECOND);
    for (const s of [restarted, continuous]) s.reading('apple', { kind: 'door', open: false });
    for (let i = 0; i < 8; i++) {
      advance(clock, 7 * SECOND);
      for (const s of [restarted, continuous])
        s.reading('apple', { kind: 'weight', shelfId: 's1', kg: 2 + 6 + (i % 2) * 0.004 });
    }
    advance(clock, MINUTE);
    expect(viewsOf(restarted)).toEqual(viewsOf(continuous));
    // The visit is measured the same (its tick-driven announcement may fall on another tick: the
    // restarted timers run in another phase).
    const appleVisits = (system: System) =>
      system.sessions.filter((v) => v.fridgeId === 'apple').map((v) => v.closedAtMs);
    expect(appleVisits(restarted)).toEqual(appleVisits(continuous).slice(1));
    expect(appleVisits(restarted)).toHaveLength(1);
    restarted.estimation.stop();
    continuous.estimation.stop();
  });
});
