import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

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
  // checkpoint). Ingest rewrites the same few pages (the right edge of each index, the fridge
  // state rows) commit after commit: at SQLite's default of 1,000 pages a fifth of ingest's SQLite
  // CPU and a third of its commit time went on checkpoints (`bench/run.ts`, docs/benchmarks.md);
  // 10,000 pages (a WAL of up to 40 MB) copies each hot page once where it copied it ten times.
  db.pragma('wal_autocheckpoint = 10000');
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
