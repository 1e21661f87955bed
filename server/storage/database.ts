import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

/** SQLite's page cache per connection, as `PRAGMA cache_size` takes it: negative = KiB (16 MB). */
export const SQLITE_CACHE_SIZE = -16_000;

export function openDatabase(dataDir: string, fileName = 'fridges.sqlite'): Db {
  mkdirSync(dataDir, { recursive: true });
  return prepare(new Database(join(dataDir, fileName)));
}

/** A private database in memory with every migration applied: for tests that need no file. */
export function openMemoryDatabase(): Db {
  return prepare(new Database(':memory:'));
}

function prepare(db: Db): Db {
  // WAL lets the API read while ingest writes; synchronous=NORMAL in WAL mode is still durable
  // against process crashes (only an OS crash may lose the last commits). A database in memory
  // keeps its own journal mode and ignores both.
  // Takes effect only on a new, empty database (before the WAL switch writes its header); an
  // existing one needs a VACUUM (storage/vacuum.ts), so deleted readings can shrink the file.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // The commit that fills the WAL past this many pages copies them into the database (a
  // checkpoint), inside that commit, so ingest waits for it. SQLite's default, 1,000 pages, is kept:
  // 10,000 pages saved checkpoint CPU on the ingest transaction alone, but each checkpoint then
  // stalled the loop long enough that PUBACK p99 at 1,000 readings/s offered went from 17.4 to
  // 67.7 ms with no measurable gain end to end (`npx tsx bench/run.ts`, idle, 2026-12-01;
  // docs/benchmarks.md).
  db.pragma('wal_autocheckpoint = 1000');
  // Memory: SQLite's page cache may hold up to 16 MB of this connection's pages (better-sqlite3
  // compiles that default in; kept explicit here so a driver update cannot move it). Enough for
  // the indexes the ingest appends to and the recent readings the history reads, and a bounded
  // share of the server's native memory (docs/scaling.md, "Memory, fourth round"). No memory map
  // (mmap_size 0, SQLite's default): every database page read would stay mapped and count in the
  // server's RSS, next to the OS page cache that holds it anyway.
  db.pragma(`cache_size = ${SQLITE_CACHE_SIZE}`);
  db.pragma('mmap_size = 0');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    const step = MIGRATIONS[version];
    if (step === undefined) break;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
