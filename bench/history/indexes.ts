/**
 * What migrations 017 and 025's indexes buy and cost (issues 13 and 12): the 7-day weight and door
 * queries of one fridge with a month of two fridges' readings, through the index each used before
 * and the one it uses now (`INDEXED BY`, same database, runs interleaved so a loaded machine weighs
 * on both alike), and the insert rate with 017's two fridge indexes per weight reading against
 * 025's one (alternated rounds).
 *
 *   npx tsx bench/history/indexes.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/storage/database';
import { SqliteReadingStore, type StoredReading } from '../../server/storage/readingStore';
import { storedReading } from '../../tests/helpers/storedReadings';

const DAY = 86_400_000;
const MIN = 60_000;
const START = Date.UTC(2026, 10, 1);
const END = START + 30 * DAY;
const RUNS = 40;
const WEIGHT_INDEX_017 = `CREATE INDEX readings_weight_by_fridge_time ON readings(fridge_id, measured_at, shelf_id, value)
  WHERE kind = 'weight'`;

const reading = (fridgeId: string, atMs: number, value: StoredReading['value']) =>
  storedReading(fridgeId, fridgeId, atMs, value);

const dir = mkdtempSync(join(tmpdir(), 'bench-history-indexes-'));
try {
  const db = openDatabase(dir);
  const readings = new SqliteReadingStore(db);
  for (const fridgeId of ['fridge-0', 'fridge-1']) {
    for (let day = START; day < END; day += DAY) {
      const batch: StoredReading[] = [];
      for (let at = day, i = 0; at < day + DAY; at += MIN, i++) {
        batch.push(reading(fridgeId, at, { kind: 'temperature', celsius: 3, probe: 'air' }));
        for (const shelfId of ['top', 'middle', 'bottom'])
          batch.push(reading(fridgeId, at + 100, { kind: 'weight', shelfId, kg: 4 + Math.cos(i / 300) * 3 }));
        batch.push(reading(fridgeId, at + 200, { kind: 'door', open: i % 20 === 0 }));
      }
      db.transaction(() => readings.append(batch))();
    }
  }
  // The indexes of migrations 001 and 017 that 025 replaced, beside 025's, for the comparison.
  db.exec(`CREATE INDEX readings_by_fridge_time ON readings(fridge_id, measured_at)`);
  db.exec(WEIGHT_INDEX_017);
  // The door index as migration 008 made it, beside 017's.
  db.exec(`CREATE INDEX readings_door_008 ON readings(fridge_id, measured_at, value) WHERE kind = 'door'`);
  const weight = (index: string) =>
    db.prepare(
      `SELECT COALESCE(shelf_id, '') AS sensor, measured_at - measured_at % ? AS startMs, COUNT(*) AS count,
         MIN(value) AS min, MAX(value) AS max, SUM(value) AS sum FROM readings INDEXED BY ${index}
       WHERE fridge_id = ? AND kind = 'weight' AND measured_at >= ? AND measured_at < ? AND value IS NOT NULL
       GROUP BY sensor, startMs`,
    );
  const door = (index: string) =>
    db.prepare(
      `SELECT measured_at AS atMs, value FROM readings INDEXED BY ${index}
       WHERE fridge_id = ? AND kind = 'door' AND measured_at >= ? AND measured_at < ? ORDER BY measured_at, id`,
    );
  const fromMs = END - 7 * DAY;
  const variants: Array<[string, () => unknown]> = [
    [
      'weight, before (readings_by_fridge_time + table)',
      () => weight('readings_by_fridge_time').all(3_600_000, 'fridge-1', fromMs, END),
    ],
    [
      'weight, 017 (covering, weight rows only)',
      () => weight('readings_weight_by_fridge_time').all(3_600_000, 'fridge-1', fromMs, END),
    ],
    [
      'weight, 025 (covering, every kind: one index)',
      () => weight('readings_by_fridge_time_kind').all(3_600_000, 'fridge-1', fromMs, END),
    ],
    ['door, before (time, value: sorts by id)', () => door('readings_door_008').all('fridge-1', fromMs, END)],
    [
      'door, 017 (time, id, value: no sort)',
      () => door('readings_door_by_fridge_time').all('fridge-1', fromMs, END),
    ],
  ];
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  const loadBefore = loadavg()[0] ?? 0;
  for (let run = 0; run < RUNS; run++) {
    for (const [name, query] of variants) {
      const startedMs = performance.now();
      query();
      times.get(name)?.push(performance.now() - startedMs);
    }
  }
  const at = (list: number[], q: number) => (list[Math.floor(q * (list.length - 1))] ?? 0).toFixed(1);
  console.log(
    `# 7 days of one fridge, SQL only, ${RUNS} interleaved runs, p50 / p90 (load average ${loadBefore.toFixed(1)})`,
  );
  for (const [name, list] of times) {
    list.sort((a, b) => a - b);
    console.log(`  ${name.padEnd(50)} ${at(list, 0.5)} / ${at(list, 0.9)} ms`);
  }

  let clockMs = END;
  const insertRate = (): number => {
    const batch: StoredReading[] = [];
    for (let i = 0; i < 10_000; i++) {
      clockMs += 100;
      const value: StoredReading['value'] =
        i % 5 < 3
          ? { kind: 'weight', shelfId: 'top', kg: 3 }
          : { kind: 'temperature', celsius: 3, probe: 'air' };
      batch.push(reading(`fridge-${i % 2}`, clockMs, value));
    }
    const startedMs = performance.now();
    for (let i = 0; i < batch.length; i += 50)
      db.transaction(() => readings.append(batch.slice(i, i + 50)))();
    return batch.length / ((performance.now() - startedMs) / 1000);
  };
  db.exec('DROP INDEX readings_by_fridge_time');
  db.exec('DROP INDEX readings_weight_by_fridge_time');
  db.exec('DROP INDEX readings_door_008');
  const oneIndex: number[] = [];
  const twoIndexes: number[] = [];
  for (let round = 0; round < 3; round++) {
    oneIndex.push(insertRate());
    db.exec('DROP INDEX readings_by_fridge_time_kind');
    db.exec('CREATE INDEX readings_by_fridge_time ON readings(fridge_id, measured_at)');
    db.exec(WEIGHT_INDEX_017);
    twoIndexes.push(insertRate());
    db.exec('DROP INDEX readings_by_fridge_time');
    db.exec('DROP INDEX readings_weight_by_fridge_time');
    db.exec(
      'CREATE INDEX readings_by_fridge_time_kind ON readings(fridge_id, measured_at, id, kind, shelf_id, value)',
    );
  }
  const rounds = (list: number[]) => list.map((r) => Math.round(r).toLocaleString('en')).join(', ');
  console.log(
    `\n# Inserts in transactions of 50 (3 of 5 readings weight), readings/s per round (load average ${(loadavg()[0] ?? 0).toFixed(1)})`,
  );
  console.log(`  017: (fridge, time) and the weight index: ${rounds(twoIndexes)}`);
  console.log(`  025: one (fridge, time, id, kind, shelf, value): ${rounds(oneIndex)}`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
