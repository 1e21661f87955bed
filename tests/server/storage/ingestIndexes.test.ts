import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../server/storage/migrations';
import { readingsWithoutSeqIndexSchema } from '../../../server/storage/migrations/021-readings-without-seq-index';
import { readingsOneFridgeIndexSchema } from '../../../server/storage/migrations/025-readings-one-fridge-index';
import { SqliteReadingStore } from '../../../server/storage/readingStore';
import { storedReading } from '../../helpers/storedReadings';

const T0 = Date.UTC(2026, 11, 1, 10, 0);

const indexesOfReadings = (db: Database.Database) =>
  (db.prepare('PRAGMA index_list(readings)').all() as Array<{ name: string }>).map((i) => i.name).sort();

/**
 * Every index on `readings` costs each reading a page write at commit (migration 021): the ones
 * left must each serve a query, and dropping one must keep every reading.
 */
describe('migration 021: readings without the unused (source, seq) index', () => {
  it('drops the index, keeps the readings, and duplicate detection still reads an index', () => {
    const db = new Database(':memory:');
    const before = MIGRATIONS.indexOf(readingsWithoutSeqIndexSchema);
    expect(before).toBeGreaterThan(0);
    for (const step of MIGRATIONS.slice(0, before)) db.exec(step);
    expect(indexesOfReadings(db)).toContain('readings_by_source_seq');
    const store = new SqliteReadingStore(db);
    store.append([
      storedReading('elm-st', 'elm-sensor', T0, { kind: 'temperature', celsius: 4 }, { seq: 7 }),
    ]);

    db.exec(readingsWithoutSeqIndexSchema);
    expect(indexesOfReadings(db)).not.toContain('readings_by_source_seq');
    expect([...store.recentSeqs(T0 - 1)]).toEqual([{ sourceKey: 'elm-sensor', seq: 7, receivedAtMs: T0 }]);
    // What the dropped index was there for, at start: the recent seqs, by arrival time.
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT source_key AS sourceKey, seq, received_at AS receivedAtMs FROM readings
         WHERE received_at >= ? AND seq IS NOT NULL`,
      )
      .all(T0) as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail)).toEqual([
      'SEARCH readings USING INDEX readings_by_received (received_at>?)',
    ]);
    // Any position in the list: running it again changes nothing.
    db.exec(readingsWithoutSeqIndexSchema);
    expect(store.count()).toBe(1);
  });
});

const plansOf = (db: Database.Database, sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map(
    (row) => row.detail,
  );

/**
 * A weight reading was entered in two indexes keyed by fridge (migration 025): one write-ahead
 * log frame each at commit. One index now serves what both did, in the same order.
 */
describe('migration 025: one index of readings by fridge and time', () => {
  it('replaces the two, keeps the readings, and every query that ranged by fridge and time still does', () => {
    const db = new Database(':memory:');
    const before = MIGRATIONS.indexOf(readingsOneFridgeIndexSchema);
    expect(before).toBeGreaterThan(0);
    for (const step of MIGRATIONS.slice(0, before)) db.exec(step);
    expect(indexesOfReadings(db)).toEqual(
      expect.arrayContaining(['readings_by_fridge_time', 'readings_weight_by_fridge_time']),
    );
    const store = new SqliteReadingStore(db);
    const reading = (at: number, kg: number) =>
      storedReading('elm-st', 'elm-sensor', at, { kind: 'weight', shelfId: 's1', kg });
    // Two readings measured at the same instant: by time, then arrival.
    store.append([reading(T0 + 60_000, 3), reading(T0, 2), reading(T0, 1)]);

    db.exec(readingsOneFridgeIndexSchema);
    const indexes = indexesOfReadings(db);
    expect(indexes).toContain('readings_by_fridge_time_kind');
    expect(indexes).not.toContain('readings_by_fridge_time');
    expect(indexes).not.toContain('readings_weight_by_fridge_time');
    expect(
      store.query({ fridgeId: 'elm-st', fromMs: T0, toMs: T0 + 120_000, limit: 10 }).map((r) => r.value),
    ).toEqual([
      { kind: 'weight', shelfId: 's1', kg: 2 },
      { kind: 'weight', shelfId: 's1', kg: 1 },
      { kind: 'weight', shelfId: 's1', kg: 3 },
    ]);
    const byFridgeAndTime = 'readings_by_fridge_time_kind (fridge_id=? AND measured_at>? AND measured_at<?)';
    // The raw readings of a fridge, in time then arrival order, with no sort.
    expect(
      plansOf(
        db,
        'SELECT * FROM readings WHERE fridge_id = ? AND measured_at >= ? AND measured_at < ? ORDER BY measured_at, id LIMIT ?',
        'elm-st',
        0,
        1,
        10,
      ),
    ).toEqual([`SEARCH readings USING INDEX ${byFridgeAndTime}`]);
    // Retention: the oldest reading, a slice's end, the delete.
    expect(plansOf(db, 'SELECT MIN(measured_at) FROM readings WHERE fridge_id = ?', 'elm-st')).toEqual([
      'SEARCH readings USING COVERING INDEX readings_by_fridge_time_kind (fridge_id=?)',
    ]);
    expect(
      plansOf(
        db,
        'SELECT measured_at FROM readings WHERE fridge_id = ? AND measured_at >= ? AND measured_at < ? ORDER BY measured_at LIMIT 1 OFFSET ?',
        'elm-st',
        0,
        1,
        5,
      ),
    ).toEqual([`SEARCH readings USING COVERING INDEX ${byFridgeAndTime}`]);
    expect(plansOf(db, 'DELETE FROM readings WHERE fridge_id = ? AND measured_at < ?', 'elm-st', 1)).toEqual([
      'SEARCH readings USING INDEX readings_by_fridge_time_kind (fridge_id=? AND measured_at<?)',
    ]);
    // Running it again changes nothing.
    db.exec(readingsOneFridgeIndexSchema);
    expect(store.count()).toBe(3);
  });
});
