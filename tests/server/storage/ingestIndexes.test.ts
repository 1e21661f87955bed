import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../server/storage/migrations';
import { readingsWithoutSeqIndexSchema } from '../../../server/storage/migrations/021-readings-without-seq-index';
import { SqliteReadingStore } from '../../../server/storage/readingStore';

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
      {
        fridgeId: 'elm-st',
        deviceId: 'elm-sensor',
        sourceKey: 'elm-sensor',
        seq: 7,
        value: { kind: 'temperature', celsius: 4 },
        measuredAtMs: T0,
        receivedAtMs: T0,
        late: false,
        clockSkew: false,
      },
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
