import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/storage/database';
import { elmStreet, startTestSystem, type TestSystem, tempDataDir } from '../../helpers/testSystem';

/**
 * A stop's bounded drain (`Ingest.close`, docs/reliability.md "Shutdown"): the backlog is committed
 * for at most the grace, what is left is refused (no PUBACK, so it is sent again), a batch already
 * handed to the writer thread is finished, and nothing refused was stored or marked as seen.
 */
const MAX_BATCH = 5;

describe.each([
  { writerThread: false, mode: 'on the event loop' },
  { writerThread: true, mode: 'on the writer thread' },
])('ingest close, committing $mode', ({ writerThread }) => {
  let data: ReturnType<typeof tempDataDir> | null = null;
  let system: TestSystem | null = null;

  afterEach(async () => {
    await system?.stop();
    system = null;
    data?.remove();
    data = null;
  });

  async function site(dir: string): Promise<{ running: TestSystem; db: Db }> {
    let opened: Db | null = null;
    system = await startTestSystem(
      dir,
      { ingestMaxBatch: MAX_BATCH, ingestWriterThread: writerThread },
      { onDatabaseOpened: (db) => (opened = db) },
    );
    if (!opened) throw new Error('the database seam was not called');
    return { running: system, db: opened };
  }

  /** Accepts temperature readings with these seqs; each promise says its seq and outcome. */
  function accept(running: TestSystem, seqs: number[]) {
    const source = { deviceId: null, clientId: 'probe', receivedAtMs: running.clock.nowMs() };
    return seqs.map((seq) =>
      running.ingest
        .accept({ fridgeId: 'elm-st', value: { kind: 'temperature', celsius: 4 + seq / 100 }, seq }, source)
        .then(
          (outcome) => `${seq} ${outcome}`,
          (err: Error) => `${seq} ${err.name}`,
        ),
    );
  }

  const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const storedSeqs = (db: Db) =>
    db.prepare('SELECT seq FROM readings WHERE seq IS NOT NULL ORDER BY seq').pluck().all();
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('with no grace refuses the whole backlog, and the resends after a restart are stored once', async () => {
    data = tempDataDir();
    const { running, db } = await site(data.dir);
    await running.createFridge(elmStreet);
    const outcomes = accept(running, seqs(1, 12));
    await running.ingest.close(0);
    expect(await Promise.all(outcomes)).toEqual(seqs(1, 12).map((seq) => `${seq} IngestStopping`));
    // Closed: a reading that arrives now is refused the same way, before any check.
    expect(await Promise.all(accept(running, [13]))).toEqual(['13 IngestStopping']);
    expect(storedSeqs(db)).toEqual([]);
    expect(running.ingest.storedReadings()).toBe(0);
    await running.stop();

    const restarted = await site(data.dir);
    expect(await Promise.all(accept(restarted.running, seqs(1, 13)))).toEqual(
      seqs(1, 13).map((seq) => `${seq} stored`),
    );
    expect(storedSeqs(restarted.db)).toEqual(seqs(1, 13));
  });

  it('finishes the batch already taken and refuses the rest', async () => {
    data = tempDataDir();
    const { running, db } = await site(data.dir);
    await running.createFridge(elmStreet);
    const outcomes = accept(running, seqs(1, 12));
    // One turn: the first batch is committed (or handed to the writer thread), two wait.
    await turn();
    await running.ingest.close(0);
    expect(await Promise.all(outcomes)).toEqual([
      ...seqs(1, 5).map((seq) => `${seq} stored`),
      ...seqs(6, 12).map((seq) => `${seq} IngestStopping`),
    ]);
    expect(storedSeqs(db)).toEqual(seqs(1, 5));
  });

  it('within the grace commits the whole backlog, one batch per turn', async () => {
    data = tempDataDir();
    const { running, db } = await site(data.dir);
    await running.createFridge(elmStreet);
    const outcomes = accept(running, seqs(1, 12));
    await running.ingest.close(60_000);
    expect(await Promise.all(outcomes)).toEqual(seqs(1, 12).map((seq) => `${seq} stored`));
    expect(storedSeqs(db)).toEqual(seqs(1, 12));
  });
});
