/**
 * History and retention figures (issues 12 and 13): history query times for 24 h / 7 d / 30 d with a
 * month of readings in the database, the database size per fridge per month (raw and rolled up),
 * and the retention job's pace and longest step. Real SQLite in a temporary directory; the load is
 * issue 12's: per fridge a probe, a door and three shelves, one reading per sensor per minute.
 *
 *   npx tsx bench/history/run.ts            (BENCH_HISTORY_FRIDGES=4 by default)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { HistoryMetric } from '../../contract/history';
import { planHistory } from '../../server/domain/history/plan';
import { HistoryService } from '../../server/features/history/historyService';
import { RetentionJob } from '../../server/features/retention';
import { type Db, openDatabase } from '../../server/storage/database';
import { HistoryQueries } from '../../server/storage/historyQueries';
import { SqliteReadingStore, type StoredReading } from '../../server/storage/readingStore';
import { StockHistoryStore } from '../../server/storage/stockHistoryStore';
import { storedReading } from '../../tests/helpers/storedReadings';

const DAY = 86_400_000;
const MIN = 60_000;
const FRIDGES = Number(process.env.BENCH_HISTORY_FRIDGES ?? 4);
const DAYS = 30;
const START = Date.UTC(2026, 10, 1);
const END = START + DAYS * DAY;

function fill(db: Db): number {
  const readings = new SqliteReadingStore(db);
  const stock = new StockHistoryStore(db);
  let total = 0;
  for (let f = 0; f < FRIDGES; f++) {
    const fridgeId = `fridge-${f}`;
    const make = (atMs: number, value: StoredReading['value']) =>
      storedReading(fridgeId, `dev-${f}`, atMs, value);
    for (let dayStart = START; dayStart < END; dayStart += DAY) {
      const batch: StoredReading[] = [];
      for (let at = dayStart, i = 0; at < dayStart + DAY; at += MIN, i++) {
        batch.push(make(at, { kind: 'temperature', celsius: 3 + Math.sin(i / 90) * 1.5, probe: 'air' }));
        for (const shelf of ['top', 'middle', 'bottom'])
          batch.push(make(at + 100, { kind: 'weight', shelfId: shelf, kg: 4 + Math.cos(i / 300) * 3 }));
        // A visit every 20 minutes: the door reports its state each minute, and changes twice.
        batch.push(make(at + 200, { kind: 'door', open: i % 20 === 0 }));
      }
      db.transaction(() => {
        readings.append(batch);
        for (let at = dayStart; at < dayStart + DAY; at += 20 * MIN)
          stock.append(fridgeId, {
            atMs: at + 5 * MIN,
            kg: 12 + ((at / MIN) % 7),
            percent: 60,
            uncertaintyKg: 0.2,
          });
      })();
      total += batch.length;
    }
  }
  return total;
}

function fileBytes(db: Db, file: string): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(file).size;
}

function timeQueries(db: Db, nowMs: number, label: string): void {
  const service = new HistoryService(
    new HistoryQueries(db),
    () => nowMs,
    () => null,
  );
  const ranges: Array<[string, number]> = [
    ['24 h', DAY],
    ['7 d', 7 * DAY],
    ['30 d', 30 * DAY],
  ];
  const metrics: HistoryMetric[] = ['temperature', 'stock', 'weight', 'door'];
  console.log(
    `\n${label}: one fridge, step chosen by the server (≤ 500 buckets), 30 runs each, p50 / p99 ms`,
  );
  console.log(`  range  ${metrics.map((m) => m.padEnd(20)).join('')}`);
  for (const [name, rangeMs] of ranges) {
    const cells = metrics.map((metric) => {
      const times: number[] = [];
      let answer = '';
      for (let run = 0; run < 30; run++) {
        const fridgeId = `fridge-${run % FRIDGES}`;
        const startedMs = performance.now();
        const rawFromMs = service.rawFromMs(fridgeId) ?? Number.MIN_SAFE_INTEGER;
        const planned = planHistory({ fromMs: nowMs - rangeMs, toMs: nowMs, step: null, rawFromMs });
        if (!planned.ok) throw new Error(planned.message);
        const result = service.answer(fridgeId, metric, planned.plan);
        JSON.stringify(result);
        times.push(performance.now() - startedMs);
        answer = `${result.source}/${result.step}`;
      }
      times.sort((a, b) => a - b);
      const p = (q: number) =>
        (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
      return `${p(0.5)} / ${p(0.99)} ${answer}`.padEnd(20);
    });
    console.log(`  ${name.padEnd(6)} ${cells.join('')}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
const file = join(dir, 'fridges.sqlite');
try {
  const db = openDatabase(dir);
  const fillStartedMs = performance.now();
  const readings = fill(db);
  const rawBytes = fileBytes(db, file);
  console.log(
    `# History and retention: ${FRIDGES} fridges × ${DAYS} days, ${readings.toLocaleString('en')} readings ` +
      `(${((performance.now() - fillStartedMs) / 1000).toFixed(0)} s to write)`,
  );
  console.log(
    `  raw month per fridge:    ${(rawBytes / FRIDGES / 1e6).toFixed(1)} MB (SQLite file, indexes included)`,
  );
  timeQueries(db, END, 'History, raw readings (a month in the database)');

  // Sixty days later every reading is past the 30-day retention: roll up and prune it all.
  const nowMs = END + 31 * DAY;
  const job = new RetentionJob({
    db,
    clock: { nowMs: () => nowMs },
    logger: pino({ level: 'silent' }),
    rawRetentionMs: 30 * DAY,
    rollupRetentionMs: 731 * DAY,
    futureToleranceMs: 60_000,
  });
  const steps: number[] = [];
  const pruneStartedMs = performance.now();
  let deleted = 0;
  for (;;) {
    const run = { deletedReadings: 0, rollupsWritten: 0, slices: 0, expiredRollups: 0, vacuumedPages: 0 };
    const stepStartedMs = performance.now();
    if (!job.step(run)) break;
    steps.push(performance.now() - stepStartedMs);
    deleted += run.deletedReadings;
  }
  const pruneSeconds = (performance.now() - pruneStartedMs) / 1000;
  steps.sort((a, b) => a - b);
  const rolledBytes = fileBytes(db, file);
  console.log(
    `\nRetention: ${deleted.toLocaleString('en')} readings rolled up and deleted in ${steps.length} steps, ` +
      `${pruneSeconds.toFixed(1)} s of work (${Math.round(deleted / pruneSeconds).toLocaleString('en')} readings/s); ` +
      `one step p50 ${steps[Math.floor(steps.length / 2)]?.toFixed(1)} ms, max ${steps.at(-1)?.toFixed(1)} ms ` +
      '(the longest the event loop, and so ingest, waits on it)',
  );
  console.log(
    `  rolled-up month per fridge: ${(rolledBytes / FRIDGES / 1e6).toFixed(2)} MB after incremental_vacuum ` +
      `(file ${(rawBytes / 1e6).toFixed(0)} MB → ${(rolledBytes / 1e6).toFixed(1)} MB)`,
  );
  console.log(
    `  steady state per fridge (30 days raw + 24 months of rollups): ` +
      `${((rawBytes + 24 * rolledBytes) / FRIDGES / 1e6).toFixed(0)} MB`,
  );
  timeQueries(db, END, 'History, rollups only (the same month, after pruning)');
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
