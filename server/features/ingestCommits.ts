import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock';
import type { Db } from '../storage/database';
import type { IngestWriter } from '../storage/ingestWriter';
import { pushReadingColumns, type ReadingStore } from '../storage/readingStore';
import type { StateStore } from '../storage/stateStore';
import type { DeliveryLedger } from './deliveryLedger';
import type { FridgeCatalog } from './fridgeCatalog';
import { type Pending, type Prepared, prepareBatch } from './ingestBatch';
import { type SlowTurnLogger, timedTurn } from './slowTurns';

export interface IngestCommitsOptions {
  db: Db;
  readings: ReadingStore;
  states: StateStore;
  catalog: FridgeCatalog;
  clock: Clock;
  logger: SlowTurnLogger;
  /** Most readings in one transaction, and so in one turn of the event loop. */
  maxBatch: number;
  /** The writer thread (server/storage/ingestWriter.ts); null or absent: commits on `db`. */
  writer?: IngestWriter | null;
  /** Records the external broker's packet ids in the same transaction (deliveryLedger.ts). */
  deliveries?: Pick<DeliveryLedger, 'record' | 'columnsOf'> | null;
  /** The number of readings waiting changed (a reading queued, a batch taken): the intake gate. */
  waitingChanged?: (waiting: number) => void;
  /** A batch is committed: acknowledge it. Called in commit order, before the next is written. */
  committed(prepared: Prepared): void;
  /** A batch could not be committed: nothing of it is stored. */
  failed(batch: Pending[], err: Error): void;
}

/**
 * Ingest's queue of accepted readings and their commits: one transaction per batch of at most
 * `maxBatch`, and **one batch per turn of the event loop**. A backlog (after a GC pause, a long
 * request, a burst) is written over as many turns as it has batches, each on `setImmediate`, so
 * the sockets are read, the PUBACKs and live-feed events written and the timers run between two
 * batches instead of after all of them (issue 12: one turn that commits the whole backlog is
 * itself the next long pause).
 */
export class IngestCommits {
  private pending: Pending[] = [];
  private nextTurn: NodeJS.Immediate | null = null;
  /** The batch the writer thread is committing; the next waits for it, so states apply in order. */
  private writing: Promise<void> | null = null;
  /** `MAX(id)` of `readings` when the batch in flight was sent: every reading up to it is announced. */
  private announcedUpTo = 0;
  private readonly maxReadingId;

  constructor(private readonly options: IngestCommitsOptions) {
    this.maxReadingId = options.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM readings').pluck();
  }

  /** Queues a reading; its batch is committed on a later turn (the first one if none waits). */
  add(pending: Pending): void {
    this.pending.push(pending);
    this.options.waitingChanged?.(this.pending.length);
    this.schedule();
  }

  waiting(): number {
    return this.pending.length;
  }

  /** performance.now() of the oldest reading waiting, null when none waits. */
  oldestArrivedAt(): number | null {
    return this.pending[0]?.arrivedAt ?? null;
  }

  /** See `Ingest.readingsAnnouncedUpTo`. */
  readingsAnnouncedUpTo(): number | null {
    return this.writing ? this.announcedUpTo : null;
  }

  /**
   * Writes everything waiting now, in batches of at most `maxBatch`, in this turn (a stop, tests
   * that need the commit now). With the writer thread, sends the next batch unless one is being
   * committed (its answer sends the next).
   */
  flush(): void {
    if (this.nextTurn) clearImmediate(this.nextTurn);
    this.nextTurn = null;
    if (this.threadWriter()) {
      if (!this.writing && this.pending.length > 0) this.commitOnThread(this.take());
      return;
    }
    while (this.pending.length > 0) this.commit(this.take());
  }

  /** Writes everything waiting and, with the writer thread, waits for its last answer. */
  async drain(): Promise<void> {
    this.flush();
    while (this.writing) {
      await this.writing;
      this.flush();
    }
  }

  /**
   * A stop's bounded drain (docs/reliability.md "Shutdown"): batches go on being committed one
   * per turn, so each batch's PUBACKs are written before the next, until nothing waits or
   * `graceMs` has passed. Then the queue is emptied without a commit and, once the batch the
   * writer thread holds is answered, what was left is returned for the caller to turn away.
   */
  async drainWithin(graceMs: number): Promise<Pending[]> {
    const deadline = performance.now() + graceMs;
    this.schedule();
    while (this.pending.length > 0 && performance.now() < deadline)
      await (this.writing ?? new Promise((resolve) => setImmediate(resolve)));
    const left = this.pending.splice(0);
    this.options.waitingChanged?.(0);
    if (this.nextTurn) clearImmediate(this.nextTurn);
    this.nextTurn = null;
    while (this.writing) await this.writing;
    return left;
  }

  /**
   * Commits the next batch on the next turn (setImmediate runs after the poll phase, so every
   * message read from the sockets in this turn shares the batch). While the writer thread
   * commits, its answer sends what gathered meanwhile.
   */
  private schedule(): void {
    if (this.writing || this.nextTurn) return;
    this.nextTurn = setImmediate(() => {
      this.nextTurn = null;
      this.commitNext();
    });
  }

  /** One batch, then the rest on a later turn. */
  private commitNext(): void {
    if (this.pending.length === 0 || this.writing) return;
    if (this.threadWriter()) {
      this.commitOnThread(this.take());
      return;
    }
    this.commit(this.take());
    if (this.pending.length > 0) this.schedule();
  }

  private take(): Pending[] {
    const batch = this.pending.splice(0, this.options.maxBatch);
    // A message's readings commit together: its delivery's record says all of them are stored.
    const last = batch[batch.length - 1]?.delivery ?? null;
    let sameMessage = 0;
    while (last !== null && this.pending[sameMessage]?.delivery === last) sameMessage += 1;
    if (sameMessage > 0) batch.push(...this.pending.splice(0, sameMessage));
    this.options.waitingChanged?.(this.pending.length);
    return batch;
  }

  private threadWriter(): IngestWriter | null {
    const writer = this.options.writer ?? null;
    return writer && writer.failure() === null ? writer : null;
  }

  /** Writes a batch on the event loop, in one transaction with its states. */
  private commit(batch: Pending[]): void {
    const split = { transactionMs: 0 };
    timedTurn(
      'ingest commit',
      this.options.logger,
      () => this.commitNow(batch, split),
      // The transaction's share against the listeners' (the rest), and what still waits.
      () => ({
        readings: batch.length,
        transactionMs: Math.round(split.transactionMs),
        waiting: this.pending.length,
      }),
    );
  }

  private commitNow(batch: Pending[], split: { transactionMs: number }): void {
    const { db, readings, states, clock, catalog } = this.options;
    const prepared = prepareBatch(batch, catalog);
    const transactionStarted = performance.now();
    try {
      db.transaction(() => {
        prepared.firstReadingId = (this.maxReadingId.get() as number) + 1;
        readings.append(prepared.rows);
        this.options.deliveries?.record(batch);
        for (const [fridgeId, state] of prepared.nextStates) states.save(fridgeId, state, clock.nowMs());
      })();
      split.transactionMs = performance.now() - transactionStarted;
    } catch (err) {
      this.options.failed(batch, err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.options.committed(prepared);
  }

  /**
   * Sends a batch to the writer thread; the loop goes on reading sockets meanwhile. On its answer
   * the batch is acknowledged, then the next batch goes.
   */
  private commitOnThread(batch: Pending[]): void {
    const writer = this.threadWriter();
    if (!writer) {
      this.commit(batch);
      return;
    }
    const prepared = prepareBatch(batch, this.options.catalog);
    // Nothing else inserts readings, and the batch before was announced before this one goes.
    this.announcedUpTo = this.maxReadingId.get() as number;
    prepared.firstReadingId = this.announcedUpTo + 1;
    const readings: unknown[] = [];
    for (const row of prepared.rows) pushReadingColumns(row, readings);
    const atMs = this.options.clock.nowMs();
    const deliveries = this.options.deliveries?.columnsOf(batch) ?? [];
    this.writing = writer.write({ readings, states: [...prepared.nextStates], atMs, deliveries }).then(
      () => {
        this.writing = null;
        this.options.committed(prepared);
        this.afterThreadAnswer();
      },
      (err: Error) => {
        this.writing = null;
        // The thread died (not a refusal by SQLite): the main connection writes from now on.
        if (writer.failure() !== null) this.commit(batch);
        else this.options.failed(batch, err);
        this.afterThreadAnswer();
      },
    );
  }

  /** The thread takes the next batch at once; if it died, the loop goes on one batch per turn. */
  private afterThreadAnswer(): void {
    if (this.pending.length === 0) return;
    if (this.threadWriter()) this.commitOnThread(this.take());
    else this.schedule();
  }
}
