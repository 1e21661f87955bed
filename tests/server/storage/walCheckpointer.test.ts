import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase, openMemoryDatabase } from '../../../server/storage/database';
import { WalCheckpointer } from '../../../server/storage/walCheckpointer';
import { eventually } from '../../helpers/eventually';
import { tempDataDir } from '../../helpers/testSystem';

const quietLogger = { warn: () => undefined };

/**
 * The checkpoints run on a thread of their own (issue 12, docs/benchmarks.md §1, third round): the
 * server's commits only append to the write-ahead log, someone else copies it into the database
 * file, and the log stays bounded while writes go on.
 */
describe('WAL checkpoints on a worker thread', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function database(): { db: Db; file: string } {
    const { dir, remove } = tempDataDir();
    const db = openDatabase(dir);
    cleanups.push(remove, () => {
      db.close();
    });
    db.exec('CREATE TABLE ballast (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
    return { db, file: db.name };
  }

  /** About `pages` pages of new rows in one commit. */
  const write = (db: Db, pages: number) =>
    db.transaction(() => {
      const insert = db.prepare('INSERT INTO ballast (body) VALUES (?)');
      for (let i = 0; i < pages; i++) insert.run(Buffer.alloc(3000, i % 251));
    })();

  it('copies committed pages into the database file while the writer never checkpoints', async () => {
    const { db, file } = database();
    const checkpointer = new WalCheckpointer(db, quietLogger, {
      intervalMs: 5,
      backstopPages: 100_000,
      busyTimeoutMs: 1000,
    });
    checkpointer.start();
    cleanups.push(() => checkpointer.stop());
    // The writer's own checkpoint is only a backstop now, far above what this test writes.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(100_000);
    const sizeBefore = statSync(file).size;

    write(db, 300);
    // 300 pages of 4 KB reach the database file only by a checkpoint: the thread's.
    await eventually(() => expect(statSync(file).size).toBeGreaterThan(sizeBefore + 300 * 3000), 20_000);
    expect((db.prepare('SELECT COUNT(*) AS n FROM ballast').get() as { n: number }).n).toBe(300);

    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('keeps the log bounded while writes go on', async () => {
    const { db, file } = database();
    const checkpointer = new WalCheckpointer(db, quietLogger, {
      intervalMs: 2,
      backstopPages: 100_000,
      busyTimeoutMs: 1000,
    });
    checkpointer.start();
    cleanups.push(() => checkpointer.stop());
    for (let batch = 0; batch < 30; batch++) {
      const size = statSync(file).size;
      write(db, 20);
      await eventually(() => expect(statSync(file).size).toBeGreaterThan(size), 20_000);
    }
    // 600 pages were committed; the log was reused from its start after each checkpoint.
    expect(statSync(`${file}-wal`).size).toBeLessThan(300 * 4096);
    expect((db.prepare('SELECT COUNT(*) AS n FROM ballast').get() as { n: number }).n).toBe(600);
  });

  it('does nothing for a database in memory', async () => {
    const db = openMemoryDatabase();
    cleanups.push(() => {
      db.close();
    });
    const checkpointer = new WalCheckpointer(db, quietLogger);
    checkpointer.start();
    await checkpointer.stop();
    expect(db.memory).toBe(true);
  });
});
