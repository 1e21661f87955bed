import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/storage/database';
import type { IngestWriter } from '../../../server/storage/ingestWriter';
import { elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../../helpers/testSystem';

/**
 * Ingest commits one batch (at most `maxBatch` readings) per turn of the event loop
 * (server/features/ingestCommits.ts): a backlog is written over as many turns as it has batches,
 * with the sockets, timers and other callbacks running between two, and each batch's readings
 * acknowledged as soon as it is committed (issue 12, docs/scaling.md "Sixth round").
 */
const MAX_BATCH = 5;

describe('ingest: one batch per turn', () => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let system: TestSystem | null = null;

  afterEach(async () => {
    await system?.stop();
    system = null;
    data?.remove();
    data = null;
  });

  async function site(writerThread = false): Promise<{ running: TestSystem; db: Db }> {
    data = tempDataDir();
    let opened: Db | null = null;
    let writer: IngestWriter | null = null;
    system = await startTestSystem(
      data.dir,
      { ingestMaxBatch: MAX_BATCH, ingestWriterThread: writerThread },
      {
        onDatabaseOpened: (db, ingestWriter) => {
          opened = db;
          writer = ingestWriter;
        },
      },
    );
    if (!opened) throw new Error('the database seam was not called');
    if (writerThread !== (writer !== null)) throw new Error(`expected the writer thread: ${writerThread}`);
    await system.createFridge(elmStreet);
    return { running: system, db: opened };
  }

  /** Accepts temperature readings with these seqs; each promise says its seq and outcome. */
  function accept(running: TestSystem, seqs: number[], log: string[] = []) {
    const source = { deviceId: null, clientId: 'probe', receivedAtMs: running.clock.nowMs() };
    return seqs.map((seq) =>
      running.ingest
        .accept({ fridgeId: 'elm-st', value: { kind: 'temperature', celsius: 4 + seq / 100 }, seq }, source)
        .then(
          (outcome) => {
            log.push(`ack ${seq}`);
            return `${seq} ${outcome}`;
          },
          (err: Error) => `${seq} failed: ${err.message}`,
        ),
    );
  }

  const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const tempsAccepted = (running: TestSystem, log: string[]) =>
    running.bus.on('readingAccepted', 'test', (reading) => {
      if (reading.value.kind === 'temperature')
        log.push(`stored ${Math.round((reading.value.celsius - 4) * 100)}`);
    });

  it('commits a backlog of three batches over three turns, acknowledging each before the next', async () => {
    const { running } = await site();
    const log: string[] = [];
    tempsAccepted(running, log);
    const outcomes = accept(running, seqs(1, 15), log);
    // Another job's turns: each `setImmediate` queued from a check phase runs in the next turn.
    let ticks = 0;
    const tick = () => {
      log.push(`turn ${++ticks}`);
      if (ticks < 4) setImmediate(tick);
    };
    setImmediate(tick);
    expect(log).toEqual([]);

    await Promise.all(outcomes);
    const batch = (from: number, to: number) => [
      ...seqs(from, to).map((seq) => `stored ${seq}`),
      ...seqs(from, to).map((seq) => `ack ${seq}`),
    ];
    expect(log).toEqual([...batch(1, 5), 'turn 1', ...batch(6, 10), 'turn 2', ...batch(11, 15)]);
    expect(running.ingest.storedReadings()).toBe(15);
    expect(running.ingest.backlog().waiting).toBe(0);
  });

  it('takes what arrives between two batches after the backlog, in order', async () => {
    const { running } = await site();
    const log: string[] = [];
    tempsAccepted(running, log);
    const first = accept(running, seqs(1, 7), log);
    // Arrives while the first batch is acknowledged (before the second turn's commit).
    const later = first[0]?.then(() => Promise.all(accept(running, seqs(8, 9), log)));
    await Promise.all([...first, later]);
    expect(log.filter((entry) => entry.startsWith('stored'))).toEqual(
      seqs(1, 9).map((seq) => `stored ${seq}`),
    );
    expect(running.ingest.storedReadings()).toBe(9);
  });

  describe.each([
    { writerThread: false, mode: 'on the event loop' },
    { writerThread: true, mode: 'on the writer thread' },
  ])('committing $mode', ({ writerThread }) => {
    it('stop() commits every batch waiting before it returns', async () => {
      const { running } = await site(writerThread);
      const log: string[] = [];
      tempsAccepted(running, log);
      const outcomes = accept(running, seqs(1, 12));
      await running.ingest.stop();
      expect(running.ingest.storedReadings()).toBe(12);
      expect(log).toEqual(seqs(1, 12).map((seq) => `stored ${seq}`));
      expect(await Promise.all(outcomes)).toEqual(seqs(1, 12).map((seq) => `${seq} stored`));
    });

    it('a batch that fails in the middle of a backlog rejects its own readings only', async () => {
      const { running, db } = await site(writerThread);
      // SQLite itself refuses the second batch (readings 6–10): a real failed transaction.
      db.exec(`CREATE TRIGGER refuse_seq_8 BEFORE INSERT ON readings WHEN NEW.seq = 8
        BEGIN SELECT RAISE(ABORT, 'injected: reading 8 refused'); END`);
      const log: string[] = [];
      tempsAccepted(running, log);
      const outcomes = await Promise.all(accept(running, seqs(1, 15)));
      expect(outcomes).toEqual([
        ...seqs(1, 5).map((seq) => `${seq} stored`),
        ...seqs(6, 10).map((seq) => `${seq} failed: injected: reading 8 refused`),
        ...seqs(11, 15).map((seq) => `${seq} stored`),
      ]);
      expect(log).toEqual([...seqs(1, 5), ...seqs(11, 15)].map((seq) => `stored ${seq}`));
      expect(running.ingest.storedReadings()).toBe(10);
      // The batch after the failure was stored, so storage is healthy again.
      expect(running.ingest.storageProblem()).toBeNull();
      expect(db.prepare('SELECT COUNT(*) FROM readings WHERE seq BETWEEN 6 AND 10').pluck().get()).toBe(0);

      // Nothing of the failed batch was seen: the device's resend is stored, not a duplicate.
      db.exec('DROP TRIGGER refuse_seq_8');
      expect(await Promise.all(accept(running, seqs(6, 10)))).toEqual(
        seqs(6, 10).map((seq) => `${seq} stored`),
      );
      expect(db.prepare('SELECT seq FROM readings WHERE seq IS NOT NULL ORDER BY seq').pluck().all()).toEqual(
        seqs(1, 15),
      );
    });
  });
});
