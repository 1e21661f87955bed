import { performance } from 'node:perf_hooks';
import type { MessageSource, Refusal } from '../../broker/embeddedBroker';
import type { DeviceMessage, RefusalReason } from '../../contract/payloads';
import type { Clock } from '../clock';
import { applyReading, type FridgeState } from '../domain/fridgeState';
import { type ReadingTimePolicy, resolveMeasuredAt } from '../domain/readingTime';
import { SeqDeduplicator } from '../domain/seqDeduplicator';
import type { EventBus } from '../eventBus';
import type { Db } from '../storage/database';
import type { IngestWriter } from '../storage/ingestWriter';
import { pushReadingColumns, type ReadingStore, type StoredReading } from '../storage/readingStore';
import type { StateStore } from '../storage/stateStore';
import type { FridgeCatalog } from './fridgeCatalog';
import { IngestLag, OVERLOAD_MS } from './ingestLag';
import { timedTurn } from './slowTurns';

export interface IngestLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Where ingest reports its figures (Prometheus, server/metrics.ts); optional. */
export interface IngestMetrics {
  readingReceived(): void;
  refused(reason: string): void;
  committed(readings: number, seconds: number): void;
  /** From `accept` to the commit that lets the broker send the PUBACK. */
  acknowledged(seconds: number): void;
}

export interface IngestOptions {
  db: Db;
  readings: ReadingStore;
  states: StateStore;
  catalog: FridgeCatalog;
  bus: EventBus;
  clock: Clock;
  logger: IngestLogger;
  timePolicy: ReadingTimePolicy;
  /**
   * Most readings in one transaction. There is no waiting window: a batch is committed on the
   * first turn of the event loop after its first reading, and what arrives while that commit
   * runs forms the next batch, so batches grow with the load by themselves.
   */
  maxBatch: number;
  metrics?: IngestMetrics;
  /**
   * Writes each batch on a thread of its own (server/storage/ingestWriter.ts); one batch at a
   * time, and its readings are acknowledged only on the thread's answer. Null or absent: the
   * batch is written on `db` on the event loop (a database in memory, or the thread died).
   */
  writer?: IngestWriter | null;
}

/** A source message: where it came from, with `topic` naming the seq source on external brokers. */
export type IngestSource = MessageSource & { topic: string };

interface Pending {
  reading: Omit<StoredReading, 'late'>;
  /** performance.now() when it reached ingest. */
  arrivedAt: number;
  resolve: (outcome: 'stored') => void;
  reject: (err: Error) => void;
  /** Its `seqKey` in `inFlight` (null: no seq), removed when the batch commits or fails. */
  inFlightKey: string | null;
}

/** A batch turned into rows and the fridge states they produce, before it is written. */
interface Prepared {
  batch: Pending[];
  rows: StoredReading[];
  nextStates: Map<string, FridgeState>;
  /** The state each fridge's readings were applied to (null: none yet), to notice a change meanwhile. */
  bases: Map<string, FridgeState | null>;
  startedAt: number;
}

const seqKey = (sourceKey: string, seq: number) => `${sourceKey}\u0000${seq}`;

/** A pending reading's resolve and reject until its promise's executor (which runs at once) sets them. */
const settleLater = () => {};

/**
 * Turns valid device messages into stored readings and fridge state. Readings are written in
 * one transaction per batch together with the state they produce, and each `accept` resolves
 * only after that commit: the broker holds the device's PUBACK until then, so an acknowledged
 * reading is never lost.
 */
export class Ingest {
  private pending: Pending[] = [];
  private flushScheduled: NodeJS.Immediate | null = null;
  private readonly dedupe: SeqDeduplicator;
  /** Readings with a seq waiting for their batch's commit, by `seqKey`. */
  private readonly inFlight = new Map<string, Promise<'stored'>>();
  private readonly refusalCounts = new Map<RefusalReason | 'duplicate', number>();
  readonly lag = new IngestLag();
  private lastWriteError: { message: string; atMs: number } | null = null;
  private storedCount = 0;
  /** The batch the writer thread is committing; the next waits for it, so states apply in order. */
  private writing: Promise<void> | null = null;
  /** `MAX(id)` of `readings` when the batch in flight was sent: every reading up to it is announced. */
  private announcedUpTo = 0;
  private readonly maxReadingId;

  constructor(private readonly options: IngestOptions) {
    this.dedupe = new SeqDeduplicator(options.timePolicy.maxAgeMs);
    this.maxReadingId = options.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM readings').pluck();
  }

  /**
   * While the writer thread commits a batch, the id of the last reading announced (the features
   * have applied every reading up to it, none after it); null when no batch is in flight.
   */
  readingsAnnouncedUpTo(): number | null {
    return this.writing ? this.announcedUpTo : null;
  }

  start(): void {
    this.lag.start();
    const sinceMs = this.options.clock.nowMs() - this.options.timePolicy.maxAgeMs;
    for (const { sourceKey, seq, receivedAtMs } of this.options.readings.recentSeqs(sinceMs)) {
      this.dedupe.remember(sourceKey, seq, receivedAtMs);
    }
  }

  /** Writes what is waiting (and, with the writer thread, waits for it to be committed). */
  async stop(): Promise<void> {
    this.flush();
    while (this.writing) {
      await this.writing;
      this.flush();
    }
    this.lag.stop();
  }

  accept(
    message: DeviceMessage,
    source: MessageSource | IngestSource,
  ): Promise<'stored' | 'duplicate' | Refusal> {
    this.options.metrics?.readingReceived();
    const refusal = this.check(message);
    if (refusal) return Promise.resolve(refusal);
    const { clock, timePolicy } = this.options;
    const time = resolveMeasuredAt(message.deviceTimeMs, source.receivedAtMs, timePolicy);
    const sourceKey = source.deviceId ?? ('topic' in source ? source.topic : message.fridgeId);
    if (message.seq !== undefined && this.dedupe.isDuplicate(sourceKey, message.seq, clock.nowMs())) {
      this.count('duplicate');
      this.options.bus.emit('readingDuplicate', {
        fridgeId: message.fridgeId,
        deviceKey: sourceKey,
        seq: message.seq,
      });
      // A resend that overtakes its original's commit (a reconnect inside the batch window) is
      // acknowledged only once the original is stored: acking it earlier would lose the reading
      // if the process died or the batch failed before the commit.
      const original = this.inFlight.get(seqKey(sourceKey, message.seq));
      return original ? original.then(() => 'duplicate' as const) : Promise.resolve('duplicate');
    }
    const pending: Pending = {
      reading: {
        fridgeId: message.fridgeId,
        deviceId: source.deviceId,
        sourceKey,
        seq: message.seq ?? null,
        value: message.value,
        measuredAtMs: time.measuredAtMs,
        receivedAtMs: source.receivedAtMs,
        clockSkew: time.clockSkew,
      },
      arrivedAt: performance.now(),
      resolve: settleLater,
      reject: settleLater,
      inFlightKey: null,
    };
    const stored = new Promise<'stored'>((resolve, reject) => {
      pending.resolve = resolve;
      pending.reject = reject;
    });
    // Before the batch can commit (a full batch commits at once): the commit or the failure
    // removes the entry itself, with no promise reaction per reading.
    if (message.seq !== undefined) {
      pending.inFlightKey = seqKey(sourceKey, message.seq);
      this.inFlight.set(pending.inFlightKey, stored);
    }
    this.pending.push(pending);
    this.scheduleFlush();
    return stored;
  }

  refused(refusal: Refusal & { topic: string; clientId: string | null }): void {
    this.count(refusal.reason);
    this.options.logger.warn(
      {
        topic: refusal.topic.slice(0, 200),
        clientId: refusal.clientId,
        reason: refusal.reason,
        detail: refusal.detail,
      },
      `message refused: ${refusal.reason}`,
    );
    this.options.bus.emit('readingRefused', {
      topic: refusal.topic,
      reason: refusal.reason,
      detail: refusal.detail,
      clientId: refusal.clientId,
    });
  }

  /** Refusals (and duplicates) counted by reason since start. */
  counters(): Record<string, number> {
    return Object.fromEntries(this.refusalCounts);
  }

  storedReadings(): number {
    return this.storedCount;
  }

  /** The last failed write, while no write has succeeded since; null when storage is healthy. */
  storageProblem(): { message: string; atMs: number } | null {
    return this.lastWriteError;
  }

  /**
   * Whether ingest keeps up (`/api/health`): readings waiting for their commit and the oldest
   * one's wait, the slowest arrival-to-PUBACK of the last ten seconds, the event loop's delay.
   * Overloaded, nothing is dropped: devices keep unacknowledged QoS 1 readings and resend them.
   */
  backlog(): {
    waiting: number;
    oldestWaitingMs: number;
    slowestRecentAckMs: number;
    eventLoopDelayMs: number;
    overloaded: boolean;
  } {
    const now = performance.now();
    const oldest = this.pending[0];
    const oldestWaitingMs = oldest ? now - oldest.arrivedAt : 0;
    const slowestRecentAckMs = this.lag.slowestRecentAckMs(now);
    const eventLoopDelayMs = this.lag.eventLoopDelayMaxMs(now);
    return {
      waiting: this.pending.length,
      oldestWaitingMs: Math.round(oldestWaitingMs),
      slowestRecentAckMs: Math.round(slowestRecentAckMs),
      eventLoopDelayMs: Math.round(eventLoopDelayMs),
      overloaded: Math.max(oldestWaitingMs, slowestRecentAckMs, eventLoopDelayMs) > OVERLOAD_MS,
    };
  }

  /**
   * Writes everything waiting now, in batches of at most `maxBatch`; with the writer thread,
   * sends the next batch unless one is being committed (its answer sends the next).
   */
  flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    if (this.threadWriter()) {
      if (!this.writing && this.pending.length > 0)
        this.commitOnThread(this.pending.splice(0, this.options.maxBatch));
      return;
    }
    while (this.pending.length > 0) this.commit(this.pending.splice(0, this.options.maxBatch));
  }

  private threadWriter(): IngestWriter | null {
    const writer = this.options.writer ?? null;
    return writer && writer.failure() === null ? writer : null;
  }

  private prepare(batch: Pending[]): Prepared {
    const { catalog } = this.options;
    const startedAt = performance.now();
    const nextStates = new Map<string, FridgeState>();
    const bases = new Map<string, FridgeState | null>();
    const rows: StoredReading[] = batch.map(({ reading }) => {
      let current = nextStates.get(reading.fridgeId);
      if (current === undefined) {
        const held = catalog.heldState(reading.fridgeId);
        bases.set(reading.fridgeId, held);
        current = held ?? catalog.state(reading.fridgeId);
      }
      const outcome = applyReading(current, reading);
      nextStates.set(reading.fridgeId, outcome.state);
      return { ...reading, late: outcome.late };
    });
    return { batch, rows, nextStates, bases, startedAt };
  }

  /** Writes a batch on the event loop, in one transaction with its states. */
  private commit(batch: Pending[]): void {
    timedTurn(
      'ingest commit',
      this.options.logger,
      () => this.commitNow(batch),
      () => ({ readings: batch.length }),
    );
  }

  private commitNow(batch: Pending[]): void {
    const { db, readings, states, clock } = this.options;
    const prepared = this.prepare(batch);
    try {
      db.transaction(() => {
        readings.append(prepared.rows);
        for (const [fridgeId, state] of prepared.nextStates) states.save(fridgeId, state, clock.nowMs());
      })();
    } catch (err) {
      this.failBatch(batch, err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.committed(prepared);
  }

  /**
   * Sends a batch to the writer thread; the loop goes on reading sockets meanwhile. On its answer
   * the states are applied and the readings acknowledged, then the next batch goes.
   */
  private commitOnThread(batch: Pending[]): void {
    const writer = this.threadWriter();
    if (!writer) {
      this.commit(batch);
      return;
    }
    const prepared = this.prepare(batch);
    // Nothing else inserts readings, and the batch before was announced before this one goes.
    this.announcedUpTo = this.maxReadingId.get() as number;
    const readings: unknown[] = [];
    for (const row of prepared.rows) pushReadingColumns(row, readings);
    const atMs = this.options.clock.nowMs();
    this.writing = writer.write({ readings, states: [...prepared.nextStates], atMs }).then(
      () => {
        this.writing = null;
        this.committed(prepared);
        this.flush();
      },
      (err: Error) => {
        this.writing = null;
        // The thread died (not a refusal by SQLite): the main connection writes from now on.
        if (writer.failure() !== null) this.commit(batch);
        else this.failBatch(batch, err);
        this.flush();
      },
    );
  }

  private committed(prepared: Prepared): void {
    const { catalog, bus, metrics } = this.options;
    const { batch, rows, nextStates, bases } = prepared;
    metrics?.committed(rows.length, (performance.now() - prepared.startedAt) / 1000);
    this.lastWriteError = null;
    this.storedCount += rows.length;
    for (const [fridgeId, base] of bases) {
      if (catalog.heldState(fridgeId) === base) continue;
      // Changed while the batch was on the writer thread (a device connected): this batch's
      // readings go on top of that change, stored now, instead of overwriting it.
      nextStates.delete(fridgeId);
      catalog.updateState(fridgeId, (state) =>
        rows.reduce((s, row) => (row.fridgeId === fridgeId ? applyReading(s, row).state : s), state),
      );
    }
    // Each fridge's status is described and announced once, after the estimator and the alert
    // rules have taken the batch's readings.
    catalog.announcingOnce(() => {
      catalog.commitStates(nextStates);
      for (const row of rows) {
        bus.emit('readingAccepted', {
          fridgeId: row.fridgeId,
          deviceId: row.deviceId,
          value: row.value,
          measuredAtMs: row.measuredAtMs,
          receivedAtMs: row.receivedAtMs,
          late: row.late,
        });
      }
    });
    const acknowledgedAt = performance.now();
    for (const { resolve, arrivedAt, inFlightKey } of batch) {
      metrics?.acknowledged((acknowledgedAt - arrivedAt) / 1000);
      this.lag.acknowledged(acknowledgedAt - arrivedAt, acknowledgedAt);
      if (inFlightKey !== null) this.inFlight.delete(inFlightKey);
      resolve('stored');
    }
  }

  private failBatch(batch: Pending[], err: Error): void {
    this.lastWriteError = { message: err.message, atMs: this.options.clock.nowMs() };
    this.options.logger.error(
      { err, readings: batch.length },
      'storing readings failed; devices will resend',
    );
    for (const { reading, reject, inFlightKey } of batch) {
      // Not stored, so not seen: the device's resend must be accepted.
      if (reading.seq !== null) this.dedupe.forget(reading.sourceKey, reading.seq);
      if (inFlightKey !== null) this.inFlight.delete(inFlightKey);
      reject(err);
    }
  }

  /**
   * Commits on the next turn of the event loop (setImmediate runs after the poll phase), so
   * every message read from the sockets in this turn shares one transaction; a full batch is
   * committed at once. The commit is synchronous: messages that arrive meanwhile wait in the
   * sockets and are read, together, in the next turn.
   */
  private scheduleFlush(): void {
    // The writer thread's answer sends what gathered meanwhile.
    if (this.writing) return;
    if (this.pending.length >= this.options.maxBatch) {
      if (this.threadWriter()) {
        this.flush();
        return;
      }
      this.commit(this.pending.splice(0, this.options.maxBatch));
      if (this.pending.length === 0 && this.flushScheduled) {
        clearImmediate(this.flushScheduled);
        this.flushScheduled = null;
      }
      return;
    }
    this.flushScheduled ??= setImmediate(() => {
      this.flushScheduled = null;
      this.flush();
    });
  }

  /** Refuses what the contract allows but this site does not know. */
  private check(message: DeviceMessage): Refusal | null {
    const fridge = this.options.catalog.definition(message.fridgeId);
    const value = message.value;
    let refusal: Refusal | null = null;
    if (!fridge) {
      refusal = { reason: 'unknown-fridge', detail: `fridge "${message.fridgeId}" is not registered` };
    } else if (value.kind === 'weight' && !fridge.shelves.some((s) => s.id === value.shelfId)) {
      refusal = { reason: 'unknown-shelf', detail: `fridge "${fridge.id}" has no shelf "${value.shelfId}"` };
    } else if (value.kind === 'deviceStatus' && !fridge.deviceIds.includes(value.deviceId)) {
      refusal = {
        reason: 'unknown-device',
        detail: `device "${value.deviceId}" is not registered to "${fridge.id}"`,
      };
    }
    return refusal;
  }

  private count(reason: RefusalReason | 'duplicate'): void {
    this.options.metrics?.refused(reason);
    this.refusalCounts.set(reason, (this.refusalCounts.get(reason) ?? 0) + 1);
  }
}
