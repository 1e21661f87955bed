import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import { DELIVERY_COLUMNS, RECORD_DELIVERY_SQL } from './deliveryStore';
import { INSERT_READING_SQL, READING_COLUMNS } from './readingStore';
import { UPSERT_LIVE_FRIDGE_STATE_SQL } from './stateStore';

/** One ingest transaction: readings flattened row after row, and the state rows they produce. */
export interface IngestWrite {
  /** `READING_COLUMNS` values per reading, one reading after another. */
  readings: unknown[];
  /** Each fridge's new state (serialised by the thread) at `atMs`. */
  states: Array<[fridgeId: string, state: object]>;
  atMs: number;
  /** `DELIVERY_COLUMNS` values per external-broker message whose readings these are. */
  deliveries: unknown[];
}

export interface IngestWriterLogger {
  warn(obj: object, msg: string): void;
}

/**
 * The ingest transaction on a thread of its own with its own connection, so the event loop does
 * not spend its ~15 % of ingest's busy time inserting and committing (docs/benchmarks.md §1,
 * fourth round). The caller still resolves each reading (and so sends its PUBACK) only on this
 * thread's answer that the transaction committed.
 *
 * State rows are written only for fridges that still exist: a fridge deleted on the main
 * connection while its batch was on its way here must not get its state row back.
 * Plain CommonJS, so it runs the same from the TypeScript sources and from the bundled build.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.pragma('wal_autocheckpoint = ' + workerData.autocheckpointPages);
const insert = db.prepare(workerData.insertReading);
const upsert = db.prepare(workerData.upsertState);
const width = workerData.columns;
const recordDelivery = db.prepare(workerData.recordDelivery);
const deliveryWidth = workerData.deliveryColumns;
const write = db.transaction(({ readings, states, atMs, deliveries }) => {
  for (let i = 0; i < readings.length; i += width) insert.run(readings.slice(i, i + width));
  for (let i = 0; i < deliveries.length; i += deliveryWidth) recordDelivery.run(deliveries.slice(i, i + deliveryWidth));
  for (const [fridgeId, state] of states) upsert.run(fridgeId, JSON.stringify(state), atMs, fridgeId);
});
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    if (message.pragma !== undefined) {
      parentPort.postMessage({ id: message.id, result: db.pragma(message.pragma) });
    } else {
      write(JSON.parse(message.batch));
      parentPort.postMessage({ id: message.id });
    }
  } catch (err) {
    parentPort.postMessage({
      id: message.id,
      error: String(err && err.message ? err.message : err),
      code: err && err.code ? String(err.code) : null,
    });
  }
});
`;

interface Reply {
  id: number;
  error?: string;
  code?: string | null;
  result?: unknown;
}

/**
 * Writes ingest's batches from a worker thread. Writes are answered in the order sent (one
 * thread, one queue). A database in memory cannot be shared with a thread: `forDatabase`
 * returns null and ingest writes on the main connection as before.
 */
export class IngestWriter {
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private nextId = 1;
  private failed: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly logger: IngestWriterLogger,
  ) {
    worker.on('message', (reply: Reply) => {
      const done = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      done?.(reply);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', () => this.fail(new Error('the ingest writer thread stopped')));
  }

  static forDatabase(
    db: Db,
    logger: IngestWriterLogger,
    options: { busyTimeoutMs: number; autocheckpointPages: number },
  ): IngestWriter | null {
    if (db.memory) return null;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: db.name,
        insertReading: INSERT_READING_SQL,
        upsertState: UPSERT_LIVE_FRIDGE_STATE_SQL,
        columns: READING_COLUMNS,
        recordDelivery: RECORD_DELIVERY_SQL,
        deliveryColumns: DELIVERY_COLUMNS,
        ...options,
      },
    });
    return new IngestWriter(worker, logger);
  }

  /** Null while the thread runs; once it died, why (ingest then writes on the main connection). */
  failure(): Error | null {
    return this.failed;
  }

  /**
   * Commits one batch; resolves once it is committed, rejects with SQLite's error if it is not.
   * The batch crosses as one JSON string: copying a string costs the loop a fraction of what
   * cloning the same arrays and objects field by field does (`postMessage` was 7 % of the
   * loop's busy time with structured clone; docs/benchmarks.md §1, fourth round).
   */
  write(batch: IngestWrite): Promise<void> {
    return this.send({ batch: JSON.stringify(batch) }).then(() => undefined);
  }

  /**
   * Runs a pragma on the thread's connection. Connection settings such as `max_page_count` and
   * `query_only` are per connection, so the fault tests set them here as well as on the main one.
   */
  pragma(sql: string): Promise<unknown> {
    return this.send({ pragma: sql });
  }

  /** Closes the connection and ends the thread once every write sent has been answered. */
  async stop(): Promise<void> {
    if (this.failed) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    await exited;
  }

  private send(message: object): Promise<unknown> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => {
        if (reply.error === undefined) return resolve(reply.result);
        const err = new Error(reply.error) as Error & { code?: string };
        if (reply.code) err.code = reply.code;
        reject(err);
      });
      this.worker.postMessage({ id, ...message });
    });
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = err;
    if (this.waiting.size > 0)
      this.logger.warn({ err }, 'ingest writer thread failed; writing on the main connection');
    for (const done of this.waiting.values()) done({ id: 0, error: err.message, code: null });
    this.waiting.clear();
  }
}
