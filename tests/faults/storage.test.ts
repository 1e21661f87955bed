import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/storage/database';
import type { IngestWriter } from '../../server/storage/ingestWriter';
import { PublishingDevice } from '../helpers/publishingDevice';
import { missingSeqs, readStoredSeqs } from '../helpers/readingsDb';
import { elmStreet, eventually, startTestSystem, type TestSystem, tempDataDir } from '../helpers/testSystem';

interface HealthBody {
  status: string;
  storage: { ok: boolean; problem: string | null };
}

// Both ways of committing readings: on the event loop (the default) and on the writer thread
// (INGEST_WRITER_THREAD=1), whose own connection gets the same faults.
describe.each([
  { writerThread: false, mode: 'commits on the event loop' },
  { writerThread: true, mode: 'commits on the writer thread' },
])('storage faults ($mode): the disk fills up, another process holds the write lock', ({ writerThread }) => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let system: TestSystem | null = null;
  let device: PublishingDevice | null = null;

  afterEach(async () => {
    await device?.close();
    device = null;
    await system?.stop();
    system = null;
    data?.remove();
    data = null;
  });

  /**
   * A running site whose database connections the test can reach (test-only seam): the main one
   * and the ingest writer thread's. Settings such as `max_page_count` and `query_only` are per
   * connection, so a fault is set on both, as a full disk or a read-only file would hit both.
   */
  async function siteWithDevice(): Promise<{
    system: TestSystem;
    db: Db;
    pragma: (sql: string) => Promise<void>;
    device: PublishingDevice;
  }> {
    data = tempDataDir();
    let opened: Db | null = null;
    let writer: IngestWriter | null = null;
    system = await startTestSystem(
      data.dir,
      { ingestWriterThread: writerThread },
      {
        onDatabaseOpened: (db, ingestWriter) => {
          opened = db;
          writer = ingestWriter;
        },
      },
    );
    if (!opened) throw new Error('the database seam was not called');
    if (writerThread !== (writer !== null)) throw new Error(`expected the writer thread: ${writerThread}`);
    const db: Db = opened;
    const thread = writer as IngestWriter | null;
    const pragma = async (sql: string) => {
      db.pragma(sql);
      await thread?.pragma(sql);
    };
    await system.createFridge(elmStreet);
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    device = new PublishingDevice({
      url: system.mqttUrl,
      deviceId: reg.deviceId,
      password: reg.password,
      next: (seq) => ({ topic: reg.topics.shelves.s1 as string, body: { kg: 2 + (seq % 180) / 10 } }),
      clock: system.clock,
    });
    return { system, db, pragma, device };
  }

  async function health(running: TestSystem): Promise<{ statusCode: number; body: HealthBody }> {
    const res = await running.app.inject({ url: '/api/health' });
    return { statusCode: res.statusCode, body: res.json() };
  }

  /** Every reading a device was told is stored is on disk: checked while the fault lasts. */
  function expectAckedOnDisk(dataDir: string, publishing: PublishingDevice): void {
    const onDisk = readStoredSeqs(dataDir);
    expect(missingSeqs(publishing.acked, onDisk.bySource.get(publishing.deviceId))).toEqual([]);
  }

  async function expectAllStoredOnce(dataDir: string, publishing: PublishingDevice) {
    publishing.stopPublishing();
    await eventually(() => expect(publishing.allAcked()).toBe(true), 60_000);
    const stored = readStoredSeqs(dataDir);
    expect(stored.duplicates).toEqual([]);
    expect(
      missingSeqs(
        publishing.sent.map((r) => r.seq),
        stored.bySource.get(publishing.deviceId),
      ),
    ).toEqual([]);
    expect(stored.total).toBe(publishing.sent.length);
    return stored;
  }

  it('disk full: health turns 503, readings are held back (no PUBACK), and all are stored once when space returns', async () => {
    const site = await siteWithDevice();
    const dataDir = data?.dir ?? '';
    site.device.startPublishing(20);
    await eventually(() => expect(site.device.acked.size).toBeGreaterThanOrEqual(20), 10_000);

    // No page may be added any more: the next insert that needs one fails with SQLITE_FULL.
    const pages = site.db.pragma('page_count', { simple: true }) as number;
    await site.pragma(`max_page_count = ${pages}`);
    const degraded = await eventually(async () => {
      const h = await health(site.system);
      expect(h.statusCode).toBe(503);
      return h.body;
    }, 30_000);
    expect(degraded.status).toBe('degraded');
    expect(degraded.storage).toMatchObject({ ok: false, problem: expect.stringMatching(/full/i) });
    // Held back, not dropped: the device still has them, and nothing acked is missing on disk.
    await eventually(() => expect(site.device.unacked()).toBeGreaterThanOrEqual(25), 20_000);
    expectAckedOnDisk(dataDir, site.device);
    const heldBack = site.device.unacked();

    await site.pragma('max_page_count = 1073741823');
    await eventually(async () => expect((await health(site.system)).statusCode).toBe(200), 30_000);
    const stored = await expectAllStoredOnce(dataDir, site.device);
    console.info(
      `[storage] disk full: ${JSON.stringify({
        sent: site.device.sent.length,
        heldBackAtOnce: heldBack,
        publishAttempts: site.device.attempts,
        stored: stored.total,
        duplicates: stored.duplicates.length,
      })}`,
    );
  });

  it('write lock held by another process: health turns 503, then it recovers and stores everything once', async () => {
    const site = await siteWithDevice();
    const dataDir = data?.dir ?? '';
    site.device.startPublishing(20);
    await eventually(() => expect(site.device.acked.size).toBeGreaterThanOrEqual(10), 10_000);

    // A second connection (a volunteer's sqlite3 shell, a backup script) takes the write lock.
    const other = new Database(join(dataDir, 'fridges.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const degraded = await eventually(async () => {
        const h = await health(site.system);
        expect(h.statusCode).toBe(503);
        return h.body;
      }, 60_000);
      expect(degraded.storage.problem).toMatch(/locked|busy/i);
      expectAckedOnDisk(dataDir, site.device);
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    await eventually(async () => expect((await health(site.system)).statusCode).toBe(200), 60_000);
    const stored = await expectAllStoredOnce(dataDir, site.device);
    console.info(
      `[storage] write lock: ${JSON.stringify({
        sent: site.device.sent.length,
        publishAttempts: site.device.attempts,
        stored: stored.total,
        duplicates: stored.duplicates.length,
      })}`,
    );
  });

  it('a resend that overtakes its failing original is not acknowledged either, then stored once', async () => {
    const site = await siteWithDevice();
    const message = { fridgeId: 'elm-st', value: { kind: 'temperature' as const, celsius: 4 }, seq: 7 };
    const source = {
      deviceId: 'elm-sensor',
      clientId: 'elm-sensor',
      receivedAtMs: site.system.clock.nowMs(),
    };
    // Writes fail at once (as on a full disk), with both copies waiting in the same batch.
    await site.pragma('query_only = ON');
    const original = site.system.ingest.accept(message, source);
    const resend = site.system.ingest.accept(message, source);
    site.system.ingest.flush();
    await expect(original).rejects.toThrow(/readonly/i);
    // Acknowledging the resend as a duplicate would lose the reading: it must fail too.
    await expect(resend).rejects.toThrow(/readonly/i);

    await site.pragma('query_only = OFF');
    const retried = site.system.ingest.accept(message, source);
    site.system.ingest.flush();
    await expect(retried).resolves.toBe('stored');
    const again = site.system.ingest.accept(message, source);
    await expect(again).resolves.toBe('duplicate');
    expect(readStoredSeqs(data?.dir ?? '').bySource.get('elm-sensor')).toEqual(new Set([7]));
  });
});
