import type { Db } from './database';

/** SQLite's `auto_vacuum` value for INCREMENTAL (https://sqlite.org/pragma.html#pragma_auto_vacuum). */
const INCREMENTAL = 2;

/**
 * Up to this size an existing database is rewritten with VACUUM at start so that deleted readings
 * can give their pages back to the file system. VACUUM copies the whole file: on a Raspberry Pi 4
 * with an SD card that is a few seconds per 100 MB and needs as much free disk again, so a bigger
 * file is left to the organiser (`npm run db:vacuum`, server stopped).
 */
export const VACUUM_AT_START_MAX_BYTES = 128 * 1024 * 1024;

export type IncrementalVacuumSetup = 'enabled' | 'vacuumed' | 'too-big';

/**
 * Makes freed pages returnable with `PRAGMA incremental_vacuum`. A new database gets the mode
 * before its first table (`openDatabase`); an existing one only by a VACUUM, which this runs when
 * the file is small enough.
 */
export function ensureIncrementalVacuum(
  db: Db,
  maxBytes = VACUUM_AT_START_MAX_BYTES,
): IncrementalVacuumSetup {
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return 'enabled';
  if (databaseBytes(db) > maxBytes) return 'too-big';
  vacuumIntoIncremental(db);
  return 'vacuumed';
}

/** Sets INCREMENTAL and rewrites the file (VACUUM): the one way an existing database takes the mode. */
export function vacuumIntoIncremental(db: Db): void {
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
}

export function databaseBytes(db: Db): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return pages * pageSize;
}

/**
 * Returns up to `pages` free pages to the file system; 0 when there is nothing to give back or
 * the mode is off. In WAL mode the file shrinks at the next checkpoint, which this asks for
 * (PASSIVE: it never waits for readers).
 */
export function incrementalVacuumStep(db: Db, pages: number): number {
  if (db.pragma('auto_vacuum', { simple: true }) !== INCREMENTAL) return 0;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  if (free === 0) return 0;
  db.pragma(`incremental_vacuum(${Math.min(pages, free)})`);
  db.pragma('wal_checkpoint(PASSIVE)');
  return Math.min(pages, free);
}
