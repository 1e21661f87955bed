import type { Db } from '../server/storage/database';

/** Commits made before measuring, so the tables and indexes have their working shape. */
const WARM_UP_COMMITS = 300;

const walFrames = (db: Db) => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]?.log ?? 0;

/**
 * Runs `commit` (one transaction of `readingsPerCommit` readings) `commits` times after a warm-up,
 * on a connection with automatic checkpoints off: the write-ahead log's frames per commit and the
 * CPU per reading, counts a loaded machine does not skew much.
 */
export function measureCommits(
  db: Db,
  commit: () => void,
  commits: number,
  readingsPerCommit: number,
): { frames: number; cpuUs: number } {
  for (let c = 0; c < WARM_UP_COMMITS; c++) commit();
  const framesBefore = walFrames(db);
  const cpu = process.cpuUsage();
  for (let c = 0; c < commits; c++) commit();
  const used = process.cpuUsage(cpu);
  return {
    frames: (walFrames(db) - framesBefore) / commits,
    cpuUs: (used.user + used.system) / (commits * readingsPerCommit),
  };
}
