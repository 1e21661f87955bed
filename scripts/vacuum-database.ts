/**
 * `npm run db:vacuum`: rewrites the SQLite file once with auto_vacuum=INCREMENTAL, so the retention
 * job's deletes shrink it from then on. Run it with the server stopped: VACUUM copies the whole
 * file (it needs as much free disk again) and holds the write lock until done. The server does
 * this by itself at start for files up to 128 MB (server/storage/vacuum.ts).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { databaseBytes, vacuumIntoIncremental } from '../server/storage/vacuum';

const file = join(process.env.DATA_DIR ?? './data', 'fridges.sqlite');
const db = new Database(file, { fileMustExist: true });
const before = databaseBytes(db);
const startedMs = performance.now();
vacuumIntoIncremental(db);
db.pragma('wal_checkpoint(TRUNCATE)');
console.log(
  `${file}: auto_vacuum=${db.pragma('auto_vacuum', { simple: true })} (2 = incremental), ` +
    `${(before / 1e6).toFixed(1)} MB → ${(databaseBytes(db) / 1e6).toFixed(1)} MB in ${((performance.now() - startedMs) / 1000).toFixed(1)} s`,
);
db.close();
