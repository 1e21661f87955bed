import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';

/**
 * How the checkpoints run. A checkpoint copies the pages committed to the write-ahead log back
 * into the database file and syncs it; with SQLite's automatic checkpoint that happens inside
 * the commit that fills the log past `wal_autocheckpoint` pages, on the event loop, and every
 * PUBACK waiting behind that commit waits for it (the tail of `npx tsx bench/run.ts`'s open loop,
 * docs/benchmarks.md §1, third round).
 */
export interface WalCheckpointOptions {
  /** Pause between passive checkpoints while the log has frames. */
  intervalMs: number;
  /**
   * The ingest connection's own automatic checkpoint while the thread runs: only a backstop, for
   * when the thread has stopped or cannot keep up. The log is reused from its start once a pass
   * has caught up with the writer, so it stays short unless writes never pause.
   *
   * Only PASSIVE passes: a RESTART or TRUNCATE checkpoint takes the write lock, and under a load of
   * 17 on 2 cores a bench run with one (past 8,000 pages) left 30 of 33,000 readings without their
   * PUBACK and no refusal recorded (a commit that failed on the lock, the devices waiting for
   * the broker to answer). A passive pass never blocks or fails the writer.
   */
  backstopPages: number;
  /** The checkpointer's wait for a lock before it gives up on one pass (it tries again later). */
  busyTimeoutMs: number;
}

export const DEFAULT_WAL_CHECKPOINT: WalCheckpointOptions = {
  intervalMs: 20,
  backstopPages: 16000,
  busyTimeoutMs: 1000,
};

/** SQLite's default `wal_autocheckpoint`, restored when the thread stops. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export interface WalCheckpointerLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Runs in the worker: its own connection to the same file, passive checkpoints that never block
 * the server's writer. Plain CommonJS so it
 * runs the same from the TypeScript sources and from the bundled build.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
let timer = null;
function pass() {
  timer = null;
  let delay = workerData.intervalMs;
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    // An empty log: nothing is being written, look again a little later.
    if (passive.log === 0) delay = workerData.intervalMs * 5;
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
    delay = workerData.intervalMs * 50;
  }
  timer = setTimeout(pass, delay);
}
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort.postMessage({ stopped: true });
  parentPort.close();
});
pass();
`;

/**
 * Checkpoints the write-ahead log of `db`'s file from a worker thread, on the second core, so the
 * server's commits only append to the log. Nothing about durability changes: a checkpoint only
 * copies what is already committed, and SQLite serialises checkpointers with each other.
 * A database in memory has no log: nothing to do.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: WalCheckpointerLogger,
    private readonly options: WalCheckpointOptions = DEFAULT_WAL_CHECKPOINT,
  ) {}

  start(): void {
    if (this.db.memory || this.worker) return;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const { intervalMs, busyTimeoutMs } = this.options;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file: this.db.name, intervalMs, busyTimeoutMs },
    });
    worker.on('message', (message: { error?: string }) => {
      if (message.error) this.logger.warn({ err: message.error }, 'WAL checkpoint failed; retrying');
    });
    worker.on('error', (err) => {
      // The backstop takes over: the writer's own automatic checkpoint at SQLite's default.
      this.logger.warn({ err }, 'WAL checkpoint thread stopped; the writer checkpoints again');
      this.worker = null;
      this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    });
    // A thread that only checkpoints must not keep the process alive.
    worker.unref();
    this.worker = worker;
    this.db.pragma(`wal_autocheckpoint = ${this.options.backstopPages}`);
  }

  /** Stops the thread and closes its connection; the writer checkpoints by itself again. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    // Held again while it stops: in a process whose other handles have closed (a bench or a
    // script that runs the system without serving anyone) the loop would otherwise empty before
    // the thread's exit arrives, and this stop would never return.
    worker.ref();
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage('stop');
    });
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }
}
