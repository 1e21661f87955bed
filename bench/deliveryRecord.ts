/**
 * What recording the external broker's packet ids costs the ingest transaction (migration 024,
 * server/features/deliveryLedger.ts): commits of 15 weight readings for 15 of 50 fridges, each
 * with its fridge's state row, as bench/ingestTransaction.ts runs them, with and without one
 * `broker_deliveries` upsert per message (the table full: 65,535 ids, wrapping), in alternated
 * rounds so a loaded machine weighs on both alike. Prints log frames per commit and CPU per
 * reading, the SHA-1 digest of a message's topic and payload, and the ledger's whole part in a
 * message's arrival, in process.
 *
 *   npx tsx bench/deliveryRecord.ts
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKET_IDS } from '../server/domain/redelivery';
import { DeliveryLedger } from '../server/features/deliveryLedger';
import { openDatabase } from '../server/storage/database';
import { DeliveryStore } from '../server/storage/deliveryStore';
import { INSERT_READING_SQL } from '../server/storage/readingStore';
import { UPSERT_FRIDGE_STATE_SQL } from '../server/storage/stateStore';
import { measureCommits } from './commitFrames';

const FRIDGES = 50;
const BATCH = 15;
const COMMITS = 1500;
const ROUNDS = 3;
const CLIENT = 'fridge-server@127.0.0.1:1883';
const STATE = JSON.stringify({
  shelves: { s1: { grossKg: 12.3, measuredAtMs: 1_764_583_200_000 } },
  temperature: null,
  door: null,
  lastSeenMs: 1_764_583_200_000,
});
const TOPIC = 'tele/oakfridge/SENSOR';
const PAYLOAD = Buffer.from(
  '{"Time":"2026-12-01T11:00:05","DS18B20":{"Id":"00000566CC39","Temperature":4.2},"HX711":{"Weight":8.125}}',
);
const digestOf = (n: number) =>
  createHash('sha1').update(TOPIC).update('\u0000').update(PAYLOAD).update(String(n)).digest('base64');

/** Computed on arrival, outside the transaction (and timed apart below). */
const DIGESTS = Array.from({ length: PACKET_IDS }, (_, i) => digestOf(i));

function round(recordDeliveries: boolean): { frames: number; cpuUs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-delivery-'));
  const db = openDatabase(dir);
  try {
    db.pragma('wal_autocheckpoint = 0');
    const fridge = db.prepare("INSERT INTO fridges (id, name, kind, created_at) VALUES (?, ?, 'fridge', 0)");
    for (let i = 0; i < FRIDGES; i++) fridge.run(`fridge-${i}`, `Fridge ${i}`);
    const deliveries = new DeliveryStore(db);
    // A site that has run a while: every id recorded once.
    db.transaction(() => {
      for (let id = 1; id <= PACKET_IDS; id++) deliveries.record([CLIENT, id, DIGESTS[id - 1], id]);
    })();
    const insert = db.prepare(INSERT_READING_SQL);
    const upsert = db.prepare(UPSERT_FRIDGE_STATE_SQL);
    let atMs = Date.UTC(2026, 11, 1);
    let n = 0;
    const commit = db.transaction(() => {
      const columns: unknown[] = [];
      for (let i = 0; i < BATCH; i++, n++, atMs++) {
        const id = `fridge-${n % FRIDGES}`;
        insert.run([id, 'scale-1', TOPIC, null, 'weight', 's1', 2 + (n % 200) / 10, null, atMs, atMs, 0, 0]);
        upsert.run(id, STATE, atMs);
        if (recordDeliveries)
          columns.push(CLIENT, (n % PACKET_IDS) + 1, DIGESTS[n % PACKET_IDS], PACKET_IDS + n);
      }
      if (recordDeliveries) deliveries.record(columns);
    });
    return measureCommits(db, commit, COMMITS, BATCH);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function digestCpuUs(): number {
  const count = 200_000;
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) digestOf(i);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / count;
}

console.log(
  `# ${COMMITS} commits of ${BATCH} weight readings (${FRIDGES} fridges), one message each, load average ${(loadavg()[0] ?? 0).toFixed(1)}`,
);
for (let r = 0; r < ROUNDS; r++) {
  for (const recordDeliveries of [false, true]) {
    const { frames, cpuUs } = round(recordDeliveries);
    const name = recordDeliveries ? 'with the packet-id record (024)' : 'readings and states only';
    console.log(
      `  ${name.padEnd(34)} ${frames.toFixed(1)} frames per commit, ${cpuUs.toFixed(1)} µs CPU per reading`,
    );
  }
}
console.log(`  SHA-1 digest of topic and payload: ${digestCpuUs().toFixed(2)} µs CPU per message`);

/** The ledger's whole part in a message's arrival (digest, in-flight entry, promises), no commit. */
async function handleCpuUs(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-delivery-'));
  const db = openDatabase(dir);
  try {
    const ledger = new DeliveryLedger(new DeliveryStore(db), CLIENT);
    ledger.start();
    const count = 100_000;
    const received = () => Promise.resolve();
    const cpu = process.cpuUsage();
    for (let i = 0; i < count; i++)
      await ledger.handle(TOPIC, PAYLOAD, { messageId: (i % PACKET_IDS) + 1, dup: false }, received);
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / count;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(
  `  the ledger's handle() on arrival, in all: ${(await handleCpuUs()).toFixed(2)} µs CPU per message`,
);
