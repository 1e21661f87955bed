/**
 * What the alert rules' replay adds to a start (docs/alerts.md, "After a restart, and what a crash
 * forgets"): `fridges` fridges, each with a day of device gaps in its saved memory, and `minutes`
 * minutes of readings stored after that memory's cursor (5 a fridge a minute: three shelves, the
 * probe, the door; 50,000 a minute at 10,000 fridges, issue 12's rate). The alerts feature starts
 * on a file database, as the server wires it, `runs` times in turn with the cursor at the last
 * reading (nothing to replay: a start after a stop) and before the readings (a start after a
 * crash that lost them). Prints each start's wall time and CPU, and the medians.
 *
 *   npx tsx bench/alerts/startReplay.ts [fridges=10000] [minutes=1] [runs=3]
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SensorValue } from '../../contract/payloads';
import { replayStoredReadings } from '../../server/features/readingReplay';
import { AlertRepository } from '../../server/storage/alertRepository';
import { openDatabase } from '../../server/storage/database';
import { DeviceRepository } from '../../server/storage/deviceRepository';
import { FridgeRepository } from '../../server/storage/fridgeRepository';
import { SqliteReadingStore, type StoredReading } from '../../server/storage/readingStore';
import { SettingsStore } from '../../server/storage/settingsStore';
import { AlertRulesOn } from '../../tests/helpers/alertRules';
import { storedReading } from '../../tests/helpers/storedReadings';
import { TestClock } from '../../tests/helpers/testClock';
import { dayOfGapsFridge } from '../dayOfGaps';

const fridges = Number(process.argv[2] ?? 10_000);
const minutes = Number(process.argv[3] ?? 1);
const runs = Number(process.argv[4] ?? 3);
/** Monday 30 November 2026, 12:00 UTC: the memory's last message. */
const SAVED_MS = Date.UTC(2026, 10, 30, 12);
const MINUTE_MS = 60_000;

const dataDir = mkdtempSync(join(tmpdir(), 'alert-start-replay-'));
try {
  const db = openDatabase(dataDir);
  const built = performance.now();
  const fridgeRows = new FridgeRepository(db, () => SAVED_MS);
  const devices = new DeviceRepository(db, () => SAVED_MS);
  const repository = new AlertRepository(db);
  db.transaction(() => {
    for (let n = 0; n < fridges; n++) {
      const { id, state } = dayOfGapsFridge(n, SAVED_MS);
      fridgeRows.insert({
        id,
        name: id,
        kind: 'fridge',
        address: null,
        simulated: false,
        shelves: [1, 2, 3].map((s) => ({ id: `s${s}`, tareKg: 2, capacityKg: 20 })),
        levels: null,
        location: null,
        openingHours: null,
      });
      devices.insert(`${id}-dev`, id, { secretHash: 'unused', mosquittoHash: 'unused' });
      repository.saveState(id, state, 0);
    }
  })();
  // The readings after the saved memory, in the order ingest would store them.
  const log = new SqliteReadingStore(db);
  const batch: StoredReading[] = [];
  for (let m = 0; m < minutes; m++) {
    for (let k = 0; k < 5; k++) {
      for (let n = 0; n < fridges; n++) {
        const atMs = SAVED_MS + m * MINUTE_MS + k * 12_000 + Math.floor((n * 12_000) / fridges);
        const value: SensorValue =
          k < 3
            ? { kind: 'weight', shelfId: `s${k + 1}`, kg: 8 + ((n + m) % 7) * 0.5 }
            : k === 3
              ? { kind: 'temperature', celsius: 3.5 + (n % 10) / 10 }
              : { kind: 'door', open: false };
        batch.push(storedReading(`bench-${n}`, `bench-${n}-dev`, atMs, value));
      }
    }
  }
  db.transaction(() => log.append(batch))();
  const lastId = (db.prepare('SELECT MAX(id) AS id FROM readings').get() as { id: number }).id;
  db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(
    `${fridges} fridges, ${batch.length} readings after the saved memory; built in ${((performance.now() - built) / 1000).toFixed(1)} s`,
  );
  db.close();

  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
  const results: Record<'stop' | 'crash', Array<{ wallMs: number; cpuMs: number }>> = { stop: [], crash: [] };
  for (let run = 0; run < runs; run++) {
    for (const after of ['stop', 'crash'] as const) {
      // Each start on a copy of the built file: its stop writes the replayed memory there.
      const runDir = join(dataDir, `run-${run}-${after}`);
      mkdirSync(runDir);
      copyFileSync(join(dataDir, 'fridges.sqlite'), join(runDir, 'fridges.sqlite'));
      const runDb = openDatabase(runDir);
      // A start after a stop: the rows include every reading. After a crash: none of this minute.
      new SettingsStore(runDb).set('alerts.snapshotUpTo', String(after === 'stop' ? lastId : 0));
      const rules = new AlertRulesOn(runDb, new TestClock(SAVED_MS + minutes * MINUTE_MS + 5_000));
      await settle();
      const cpu = process.cpuUsage();
      const started = performance.now();
      rules.feature.start();
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      results[after].push({ wallMs, cpuMs: (used.user + used.system) / 1000 });
      const alerts = (runDb.prepare('SELECT COUNT(*) AS n FROM alerts').get() as { n: number }).n;
      console.log(
        `run ${run + 1}, start after a ${after}: ${wallMs.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU; alerts stored: ${alerts}`,
      );
      rules.feature.stop();
      runDb.close();
      rmSync(runDir, { recursive: true, force: true });
    }
  }
  // The share of reading the log: the same replay with nothing applied.
  const readDb = openDatabase(dataDir);
  const readCpu = process.cpuUsage();
  let read = 0;
  replayStoredReadings(
    new SqliteReadingStore(readDb),
    { upToReadingId: 0, rowUpTo: new Map() },
    lastId,
    () => {
      read++;
    },
  );
  const readUsed = process.cpuUsage(readCpu);
  console.log(
    `reading the ${read} readings alone: ${((readUsed.user + readUsed.system) / 1000).toFixed(0)} ms CPU`,
  );
  readDb.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const wall = (after: 'stop' | 'crash') => median(results[after].map((r) => r.wallMs));
  const cpu = (after: 'stop' | 'crash') => median(results[after].map((r) => r.cpuMs));
  console.log(
    `median start: after a stop ${wall('stop').toFixed(0)} ms (${cpu('stop').toFixed(0)} ms CPU), after a crash ${wall('crash').toFixed(0)} ms (${cpu('crash').toFixed(0)} ms CPU): the replay of ${batch.length} readings adds ${(wall('crash') - wall('stop')).toFixed(0)} ms wall, ${(cpu('crash') - cpu('stop')).toFixed(0)} ms CPU`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
