import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryMetric } from '../../../../contract/history';
import { type HistoryStep, planHistory } from '../../../../server/domain/history/plan';
import { HistoryService } from '../../../../server/features/history/historyService';
import { RetentionJob } from '../../../../server/features/retention';
import { type Db, openDatabase } from '../../../../server/storage/database';
import { HistoryQueries } from '../../../../server/storage/historyQueries';
import { SqliteReadingStore, type StoredReading } from '../../../../server/storage/readingStore';
import { StockHistoryStore } from '../../../../server/storage/stockHistoryStore';
import { storedReading } from '../../../helpers/storedReadings';
import { silentLogger, tempDataDir } from '../../../helpers/testSystem';

const DAY = 86_400_000;
const MIN = 60_000;
/** Readings start here; the clock then stands 40 days later. */
const START = Date.UTC(2026, 9, 1, 0, 0);
const NOW = START + 40 * DAY;
const CUTOFF = NOW - 30 * DAY;

/** A fridge reporting every 5 minutes for 40 days: a probe, two shelves, a door, and stock points. */
function fillFridge(db: Db, fridgeId = 'oak-ave'): void {
  const readings = new SqliteReadingStore(db);
  const stock = new StockHistoryStore(db);
  const batch: StoredReading[] = [];
  const reading = (atMs: number, value: StoredReading['value']) =>
    storedReading(fridgeId, 'dev-1', atMs, value);
  for (let at = START, i = 0; at < NOW; at += 5 * MIN, i++) {
    // A warm spell every 97 steps, so some buckets hold an excursion.
    const celsius = i % 97 < 6 ? 7.5 + (i % 3) : 3 + ((i * 7) % 10) / 10;
    batch.push(reading(at, { kind: 'temperature', celsius, probe: 'air' }));
    batch.push(reading(at + 1000, { kind: 'weight', shelfId: 'top', kg: 5 + (i % 13) / 4 }));
    batch.push(reading(at + 2000, { kind: 'weight', shelfId: 'bottom', kg: 2 + (i % 5) }));
    // The door opens every 35 minutes for 3 minutes, and once stays open across an hour's edge.
    if (i % 7 === 0) batch.push(reading(at + 3000, { kind: 'door', open: true }));
    if (i % 7 === 0 && i % 49 !== 0) batch.push(reading(at + 3000 + 3 * MIN, { kind: 'door', open: false }));
    if (i % 7 === 0)
      stock.append(fridgeId, { atMs: at + 4000, kg: 20 + (i % 11), percent: 50, uncertaintyKg: null });
  }
  db.transaction(() => readings.append(batch))();
}

function job(
  db: Db,
  clock: { nowMs(): number },
  extra: Partial<ConstructorParameters<typeof RetentionJob>[0]> = {},
) {
  return new RetentionJob({
    db,
    clock,
    logger: silentLogger,
    rawRetentionMs: 30 * DAY,
    rollupRetentionMs: 731 * DAY,
    futureToleranceMs: 60_000,
    batchRows: 1500,
    ...extra,
  });
}

function history(db: Db, metric: HistoryMetric, fromMs: number, toMs: number, step: HistoryStep) {
  const service = new HistoryService(
    new HistoryQueries(db),
    () => NOW,
    () => null,
  );
  const rawFromMs = service.rawFromMs('oak-ave') ?? Number.MIN_SAFE_INTEGER;
  const planned = planHistory({ fromMs, toMs, step, rawFromMs });
  if (!planned.ok) throw new Error(planned.message);
  return service.answer('oak-ave', metric, planned.plan);
}

const count = (db: Db, sql: string, ...params: number[]) =>
  (db.prepare(sql).get(...params) as { n: number }).n;

describe('retention', () => {
  const dirs: Array<() => void> = [];
  afterEach(() => {
    vi.useRealTimers();
    for (const remove of dirs.splice(0)) remove();
  });
  const open = () => {
    const { dir, remove } = tempDataDir();
    dirs.push(remove);
    return { db: openDatabase(dir), file: join(dir, 'fridges.sqlite') };
  };

  it('prunes raw readings past 30 days and keeps their 15-minute rollups', () => {
    const { db } = open();
    fillFridge(db);
    const before = count(db, 'SELECT COUNT(*) AS n FROM readings WHERE measured_at >= ?', CUTOFF);
    const old = count(db, 'SELECT COUNT(*) AS n FROM readings WHERE measured_at < ?', CUTOFF);
    const oldNumeric = count(
      db,
      "SELECT COUNT(*) AS n FROM readings WHERE measured_at < ? AND kind IN ('temperature', 'weight')",
      CUTOFF,
    );
    const run = job(db, { nowMs: () => NOW }).catchUp();

    expect(run.slices).toBeGreaterThan(5); // small batches, not one big delete
    expect(count(db, 'SELECT COUNT(*) AS n FROM readings WHERE measured_at < ?', CUTOFF)).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM readings WHERE measured_at >= ?', CUTOFF)).toBe(before);
    expect(count(db, 'SELECT COUNT(*) AS n FROM stock_history WHERE at < ?', CUTOFF)).toBe(0);
    // 10 days × 96 buckets for each of temperature, two shelves and stock; door buckets too.
    expect(count(db, "SELECT COUNT(*) AS n FROM reading_rollups WHERE kind = 'temperature'")).toBe(10 * 96);
    expect(count(db, "SELECT COUNT(*) AS n FROM reading_rollups WHERE kind = 'weight'")).toBe(2 * 10 * 96);
    expect(count(db, "SELECT COUNT(*) AS n FROM reading_rollups WHERE kind = 'door'")).toBeGreaterThan(200);
    expect(run.deletedReadings).toBe(old);
    // Every pruned temperature and weight reading is counted in exactly one rollup.
    expect(
      count(db, "SELECT SUM(count) AS n FROM reading_rollups WHERE kind IN ('temperature', 'weight')"),
    ).toBe(oldNumeric);
  });

  it('answers the same before and after pruning for ranges across the boundary, for every metric', () => {
    const { db } = open();
    fillFridge(db);
    const cases: Array<[HistoryMetric, HistoryStep]> = [
      ['temperature', '1h'],
      ['temperature', '15m'],
      ['weight', '6h'],
      ['stock', '1h'],
      ['door', '1h'],
      ['door', '15m'],
    ];
    const from = CUTOFF - 3 * DAY - 7 * MIN;
    const to = CUTOFF + 2 * DAY;
    const beforeAnswers = cases.map(([metric, step]) => history(db, metric, from, to, step));
    job(db, { nowMs: () => NOW }).catchUp();
    const afterAnswers = cases.map(([metric, step]) => history(db, metric, from, to, step));

    for (const [i, before] of beforeAnswers.entries()) {
      const after = afterAnswers[i];
      expect(before.source).toBe('raw');
      expect(after?.source).toBe('mixed');
      expect(after?.rawFrom).toBe(new Date(CUTOFF).toISOString());
      expect({ ...after, source: 'raw', rawFrom: null }).toEqual(before);
    }
    // 5 days and the hour the start was widened to.
    expect(beforeAnswers[0]?.series[0]?.buckets.length).toBe(5 * 24 + 1);
    expect(beforeAnswers[4]?.door.length).toBeGreaterThan(50);
    // Entirely before the boundary: rollups only, still the same figures.
    const old = history(db, 'temperature', from, CUTOFF, '1d');
    expect(old.source).toBe('rollup');
    expect(old.series[0]?.buckets[1]?.count).toBe(288);
  });

  it('keeps what the InfluxDB mirror has not copied yet', () => {
    const { db } = open();
    fillFridge(db);
    const holdFromMs = START + 3 * DAY + 1;
    job(db, { nowMs: () => NOW }, { holdFromMs: () => holdFromMs }).catchUp();
    expect(count(db, 'SELECT MIN(measured_at) AS n FROM readings')).toBeGreaterThanOrEqual(START + 3 * DAY);
    expect(count(db, 'SELECT MIN(measured_at) AS n FROM readings')).toBeLessThan(holdFromMs);
  });

  it('deletes rollups past their own retention', () => {
    const { db } = open();
    fillFridge(db);
    const run = job(db, { nowMs: () => NOW }, { rollupRetentionMs: 36 * DAY }).catchUp();
    expect(count(db, 'SELECT MIN(bucket_start) AS n FROM reading_rollups')).toBe(START + 4 * DAY);
    expect(run.expiredRollups).toBeGreaterThan(0);
  });

  it('expires the rollups of every fridge, with raw readings left or none, removed or not, in small batches', () => {
    const { db } = open();
    fillFridge(db, 'oak-ave');
    fillFridge(db, 'gone-st');
    fillFridge(db, 'quiet-rd');
    let nowMs = NOW;
    const clock = { nowMs: () => nowMs };
    // Rolled up to the 30-day cutoff; rollups from START to START + 10 days for each.
    job(db, clock, { rollupRetentionMs: 731 * DAY }).catchUp();
    // gone-st is removed (its readings go with it), quiet-rd's sensor stopped reporting 5 days ago.
    db.prepare("DELETE FROM readings WHERE fridge_id = 'gone-st'").run();
    db.prepare("DELETE FROM readings WHERE fridge_id = 'quiet-rd' AND measured_at < ?").run(NOW - 5 * DAY);
    const rollupsOf = (fridgeId: string, beforeMs: number) =>
      (
        db
          .prepare('SELECT COUNT(*) AS n FROM reading_rollups WHERE fridge_id = ? AND bucket_start < ?')
          .get(fridgeId, beforeMs) as { n: number }
      ).n;
    const keptBefore = rollupsOf('quiet-rd', CUTOFF) - rollupsOf('quiet-rd', START + 4 * DAY);

    // Five days on, with rollups kept 41 days: everything before START + 4 days is past it.
    const expired = count(
      db,
      'SELECT COUNT(*) AS n FROM reading_rollups WHERE bucket_start < ?',
      START + 4 * DAY,
    );
    expect(expired).toBeGreaterThan(3 * 4 * 96 * 3); // a probe and two shelves, at least
    nowMs = NOW + 5 * DAY;
    const retention = job(db, clock, { rollupRetentionMs: 41 * DAY, batchRows: 100 });
    const batches: number[] = [];
    for (;;) {
      const run = { deletedReadings: 0, rollupsWritten: 0, slices: 0, expiredRollups: 0, vacuumedPages: 0 };
      if (!retention.step(run)) break;
      if (run.expiredRollups > 0) batches.push(run.expiredRollups);
    }
    for (const fridgeId of ['oak-ave', 'gone-st', 'quiet-rd']) {
      expect(rollupsOf(fridgeId, START + 4 * DAY)).toBe(0);
      expect(rollupsOf(fridgeId, CUTOFF)).toBeGreaterThan(0);
    }
    expect(rollupsOf('quiet-rd', CUTOFF)).toBe(keptBefore); // nothing younger went
    // Every expired rollup, counted once, in batches of at most 100.
    expect(batches.reduce((a, b) => a + b, 0)).toBe(expired);
    expect(Math.max(...batches)).toBeLessThanOrEqual(100);
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(expired / 100));

    // Caught up: a second run finds nothing, and a sweep is not repeated within the idle period.
    expect(retention.catchUp().expiredRollups).toBe(0);
    nowMs += 15 * MIN;
    const later = retention.catchUp();
    expect(later.expiredRollups).toBeGreaterThan(0); // the next 15 minutes of each series
    expect(later.expiredRollups).toBeLessThanOrEqual(3 * 5); // ≤ 5 series of one bucket per fridge
  });

  it('shrinks the file: freed pages go back with incremental_vacuum', () => {
    const { db, file } = open();
    fillFridge(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytesBefore = statSync(file).size;
    const run = job(db, { nowMs: () => NOW }).catchUp();
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(run.vacuumedPages).toBeGreaterThan(0);
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    // A quarter of the readings went; their pages left the file rather than waiting on the free list.
    const pageBytes = db.pragma('page_size', { simple: true }) as number;
    expect(statSync(file).size).toBeLessThanOrEqual(bytesBefore - (run.vacuumedPages * pageBytes) / 2);
    expect(statSync(file).size).toBeLessThan(bytesBefore * 0.9);
  });

  it('runs by itself on its timer, one small slice per wake-up, and stops cleanly', async () => {
    vi.useFakeTimers({ now: NOW });
    const { db } = open();
    fillFridge(db);
    const retention = job(db, { nowMs: () => NOW }, { batchRows: 500 });
    retention.start();
    await vi.advanceTimersByTimeAsync(300);
    const afterOneWakeUp = count(db, 'SELECT COUNT(*) AS n FROM readings WHERE measured_at < ?', CUTOFF);
    expect(afterOneWakeUp).toBeGreaterThan(0); // one slice, not everything at once
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(count(db, 'SELECT COUNT(*) AS n FROM readings WHERE measured_at < ?', CUTOFF)).toBe(0);
    retention.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
