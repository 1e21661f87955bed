import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyConnection } from '../../server/domain/fridgeState';
import type { IngestWriter } from '../../server/storage/ingestWriter';
import { readStoredSeqs } from '../helpers/readingsDb';
import { elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

/**
 * Readings are committed on a thread of their own (issue 12, docs/benchmarks.md §1, fourth round).
 * What must not change: a reading is acknowledged only after its commit, a storage fault is a
 * refusal and loses nothing acknowledged (tests/faults/storage.test.ts), and the state the
 * server shows is what the readings and connections say, whatever finished first.
 */
describe('ingest on the writer thread', () => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let system: TestSystem | null = null;
  const closeAfter: Database.Database[] = [];

  afterEach(async () => {
    for (const db of closeAfter.splice(0)) if (db.open) db.close();
    await system?.stop();
    system = null;
    data?.remove();
    data = null;
  });

  async function site(): Promise<{ system: TestSystem; writer: IngestWriter; dir: string }> {
    data = tempDataDir();
    let writer: IngestWriter | null = null;
    system = await startTestSystem(
      data.dir,
      { ingestWriterThread: true },
      { onDatabaseOpened: (_db, w) => (writer = w) },
    );
    if (!writer) throw new Error('expected the ingest writer thread (a database on disk)');
    await system.createFridge(elmStreet);
    return { system, writer, dir: data.dir };
  }

  /** Another process's connection to the site's file (a backup script, a volunteer's shell). */
  function otherConnection(dir: string): Database.Database {
    const db = new Database(join(dir, 'fridges.sqlite'));
    closeAfter.push(db);
    return db;
  }

  const temperature = (seq: number, celsius = 4) => ({
    fridgeId: 'elm-st',
    value: { kind: 'temperature' as const, celsius },
    seq,
  });

  function source(running: TestSystem) {
    return { deviceId: null, clientId: 'bench', receivedAtMs: running.clock.nowMs() };
  }

  it('acknowledges a reading only once it is on disk', async () => {
    const { system: running, dir } = await site();
    const onDiskAtAck: number[] = [];
    const acks = [1, 2, 3].map((seq) =>
      running.ingest.accept(temperature(seq, 5 + seq / 2), source(running)).then((outcome) => {
        // Read at the moment the broker would send the PUBACK, by another connection.
        onDiskAtAck.push(readStoredSeqs(dir).bySource.get('elm-st')?.size ?? 0);
        return outcome;
      }),
    );
    running.ingest.flush();
    await expect(Promise.all(acks)).resolves.toEqual(['stored', 'stored', 'stored']);
    expect(onDiskAtAck).toEqual([3, 3, 3]);
    expect((await running.fridge('elm-st')).temperature.celsius).toBe(6.5);
  });

  it('keeps a connection change made while the batch was on the thread', async () => {
    const { system: running, dir } = await site();
    const reg = await running.registerDevice('elm-st', 'elm-sensor');
    const stored = running.ingest.accept(temperature(1, 3.5), source(running));
    running.ingest.flush();
    // The thread cannot have answered yet: its answer arrives on a later turn of the loop.
    running.catalog.updateState('elm-st', (s) =>
      applyConnection(s, reg.deviceId, true, running.clock.nowMs()),
    );
    await expect(stored).resolves.toBe('stored');
    const state = running.catalog.state('elm-st');
    expect(state.temperature?.celsius).toBe(3.5);
    expect(state.devices[reg.deviceId]?.online).toBe(true);
    // The stored state (what a restart resumes from) has both too.
    const row = otherConnection(dir)
      .prepare<[string], { state: string }>('SELECT state FROM fridge_state WHERE fridge_id = ?')
      .get('elm-st');
    const onDisk = JSON.parse(row?.state ?? '{}');
    expect(onDisk.temperature.celsius).toBe(3.5);
    expect(onDisk.devices[reg.deviceId].online).toBe(true);
  });

  it('does not bring back the state row of a fridge deleted while its batch waited', async () => {
    const { system: running, dir } = await site();
    const other = otherConnection(dir);
    other.pragma('foreign_keys = OFF');
    other.exec('BEGIN IMMEDIATE');
    const stored = running.ingest.accept(temperature(1), source(running));
    running.ingest.flush();
    other.exec("DELETE FROM fridge_state WHERE fridge_id = 'elm-st'");
    other.exec("DELETE FROM fridges WHERE id = 'elm-st'");
    other.exec('COMMIT');
    await expect(stored).resolves.toBe('stored');
    const rows = other.prepare("SELECT COUNT(*) AS n FROM fridge_state WHERE fridge_id = 'elm-st'").get();
    expect(rows).toEqual({ n: 0 });
    // The reading itself is history and is kept.
    expect(readStoredSeqs(dir).total).toBe(1);
  });

  it('writes on the main connection once the thread has stopped', async () => {
    const { system: running, writer, dir } = await site();
    await writer.stop();
    expect(writer.failure()).not.toBeNull();
    const stored = running.ingest.accept(temperature(1, 6), source(running));
    running.ingest.flush();
    await expect(stored).resolves.toBe('stored');
    expect(readStoredSeqs(dir).total).toBe(1);
    expect((await running.fridge('elm-st')).temperature.celsius).toBe(6);
  });
});
