/**
 * The readings' transaction alone, as ingest runs it (docs/benchmarks.md §1, fifth round): commits
 * of 15 weight readings for 15 of 50 fridges, each with its fridge's state row, on the real schema
 * and statements, automatic checkpoints off (the checkpoint thread's setting). Prints log frames
 * per commit and CPU per reading for migration 025's one fridge index and for the two it replaced,
 * in alternated rounds so a loaded machine weighs on both alike.
 *
 *   npx tsx bench/ingestTransaction.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/storage/database';
import { INSERT_READING_SQL } from '../server/storage/readingStore';
import { UPSERT_FRIDGE_STATE_SQL } from '../server/storage/stateStore';
import { measureCommits } from './commitFrames';

const FRIDGES = 50;
const BATCH = 15;
const COMMITS = 1500;
const ROUNDS = 3;
const STATE = JSON.stringify({
  shelves: { s1: { grossKg: 12.3, measuredAtMs: 1_764_583_200_000 } },
  temperature: null,
  door: null,
  devices: {
    'scale-1': { online: true, battery: null, rssi: null, firmware: null, lastSeenMs: 0, clockSkew: false },
  },
  lastSeenMs: 1_764_583_200_000,
});
const BEFORE_025 = [
  'DROP INDEX readings_by_fridge_time_kind',
  'CREATE INDEX readings_by_fridge_time ON readings(fridge_id, measured_at)',
  `CREATE INDEX readings_weight_by_fridge_time ON readings(fridge_id, measured_at, shelf_id, value)
     WHERE kind = 'weight'`,
];

function round(twoIndexes: boolean): { frames: number; cpuUs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-tx-'));
  const db = openDatabase(dir);
  try {
    db.pragma('wal_autocheckpoint = 0');
    if (twoIndexes) for (const sql of BEFORE_025) db.exec(sql);
    const fridge = db.prepare("INSERT INTO fridges (id, name, kind, created_at) VALUES (?, ?, 'fridge', 0)");
    for (let i = 0; i < FRIDGES; i++) fridge.run(`fridge-${i}`, `Fridge ${i}`);
    const insert = db.prepare(INSERT_READING_SQL);
    const upsert = db.prepare(UPSERT_FRIDGE_STATE_SQL);
    let atMs = Date.UTC(2026, 11, 1);
    let n = 0;
    const commit = db.transaction(() => {
      for (let i = 0; i < BATCH; i++, n++, atMs++) {
        const id = `fridge-${n % FRIDGES}`;
        insert.run([id, 'scale-1', 'scale-1', n, 'weight', 's1', 2 + (n % 200) / 10, null, atMs, atMs, 0, 0]);
        upsert.run(id, STATE, atMs);
      }
    });
    return measureCommits(db, commit, COMMITS, BATCH);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `# ${COMMITS} commits of ${BATCH} weight readings (${FRIDGES} fridges), load average ${(loadavg()[0] ?? 0).toFixed(1)}`,
);
for (let r = 0; r < ROUNDS; r++) {
  for (const twoIndexes of [true, false]) {
    const { frames, cpuUs } = round(twoIndexes);
    const name = twoIndexes
      ? 'before 025: (fridge, time) + weight index'
      : '025: one (fridge, time, id, kind, ...)';
    console.log(
      `  ${name.padEnd(44)} ${frames.toFixed(1)} frames per commit, ${cpuUs.toFixed(1)} µs CPU per reading`,
    );
  }
}
