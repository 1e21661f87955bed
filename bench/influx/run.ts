/**
 * Points/s through the mirror's outbox (the readings table and its cursor) into Debian's influxd
 * 1.x and into VictoriaMetrics over the InfluxDB 2.x write API, and the catch-up after a 10-minute
 * outage at issue 12's load (10,000 fridges, 830 readings/s): 498,000 readings waiting.
 *
 *   npx tsx bench/influx/run.ts     (BENCH_INFLUX_OUTAGE_S=600, BENCH_INFLUX_RATE=830)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SensorValue } from '../../contract/payloads';
import { Influx2Writer } from '../../server/adapters/influx2Writer';
import { InfluxWriter } from '../../server/adapters/influxWriter';
import { EventBus } from '../../server/eventBus';
import { InfluxMirror } from '../../server/features/influxMirror';
import { openDatabase } from '../../server/storage/database';
import { SqliteReadingStore, type StoredReading } from '../../server/storage/readingStore';
import { SettingsStore } from '../../server/storage/settingsStore';
import { startInfluxd } from '../../tests/helpers/influxd';
import { storedReading } from '../../tests/helpers/storedReadings';
import { silentLogger } from '../../tests/helpers/testSystem';
import { startVictoriaMetrics } from '../../tests/helpers/victoriaMetrics';

const RATE = Number(process.env.BENCH_INFLUX_RATE ?? 830);
const OUTAGE_S = Number(process.env.BENCH_INFLUX_OUTAGE_S ?? 600);
const FRIDGES = 10_000;
const START = Date.UTC(2026, 10, 1);

/** The backlog of an outage: RATE readings per second for OUTAGE_S, spread over FRIDGES fridges. */
function backlog(dir: string) {
  const db = openDatabase(dir);
  const store = new SqliteReadingStore(db);
  const total = RATE * OUTAGE_S;
  for (let done = 0; done < total; ) {
    const batch: StoredReading[] = [];
    for (let i = 0; i < 20_000 && done < total; i++, done++) {
      const f = done % FRIDGES;
      const atMs = START + Math.floor((done * 1000) / RATE);
      const kind = done % 5;
      const value: SensorValue =
        kind === 0
          ? { kind: 'temperature', celsius: 3 + (done % 20) / 10 }
          : kind === 4
            ? { kind: 'door', open: done % 3 === 0 }
            : { kind: 'weight', shelfId: `s${kind}`, kg: 5 + (done % 50) / 10 };
      batch.push(storedReading(`fridge-${f}`, `dev-${f}`, atMs, value));
    }
    db.transaction(() => store.append(batch))();
  }
  return { db, store, total };
}

async function mirrorAll(
  name: string,
  dir: string,
  writer: { write(points: import('influx').IPoint[]): Promise<void> },
) {
  const { db, store, total } = backlog(dir);
  const mirror = new InfluxMirror({
    readings: store,
    settings: new SettingsStore(db),
    writer,
    bus: new EventBus(silentLogger),
    logger: silentLogger,
  });
  const startedMs = performance.now();
  mirror.start();
  while (mirror.mirroredUpTo() < total && mirror.health().ok) await mirror.catchUp();
  const seconds = (performance.now() - startedMs) / 1000;
  await mirror.stop();
  if (mirror.mirroredUpTo() !== total || mirror.health().ok !== true)
    throw new Error(`${name}: mirrored ${mirror.mirroredUpTo()} of ${total}`);
  console.log(
    `  ${name.padEnd(34)} ${total.toLocaleString('en')} points in ${seconds.toFixed(1)} s: ` +
      `${Math.round(total / seconds).toLocaleString('en')} points/s; a ${OUTAGE_S / 60}-minute outage at ${RATE} readings/s ` +
      `is caught up in ${seconds.toFixed(0)} s (${((seconds / OUTAGE_S) * 100).toFixed(0)} % of the outage)`,
  );
  db.close();
}

console.log(
  `# Mirror outbox → InfluxDB: the backlog of a ${OUTAGE_S / 60}-minute outage at ${RATE} readings/s`,
);
for (const target of ['influxd 1.x (influx, /write)', 'victoria-metrics (2.x /api/v2/write)']) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-influx-'));
  try {
    if (target.startsWith('influxd')) {
      const server = await startInfluxd(dir);
      try {
        await mirrorAll(target, dir, new InfluxWriter(`${server.url}/fridges`, 'fridges'));
      } finally {
        await server.stop();
      }
    } else {
      const server = await startVictoriaMetrics(dir);
      try {
        await mirrorAll(target, dir, new Influx2Writer(server.url, 'bench-token', 'community', 'fridges'));
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
