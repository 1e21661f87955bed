import { performance } from 'node:perf_hooks';
import type { MessageSource, Refusal } from '../../broker/embeddedBroker';
import type { DeviceMessage } from '../../contract/payloads';
import { resolveMeasuredAt } from '../domain/readingTime';
import { SeqDeduplicator } from '../domain/seqDeduplicator';
import type { Delivery } from './deliveryLedger';
import { announceBatch, type Pending, type Prepared } from './ingestBatch';
import { IngestCommits } from './ingestCommits';
import { type IngestBacklog, IngestLag } from './ingestLag';
import { type IngestOptions, type IngestSource, IngestStopping } from './ingestOptions';
import { IngestRefusals } from './ingestRefusals';

const seqKey = (sourceKey: string, seq: number) => `${sourceKey}\u0000${seq}`;

/** A pending reading's resolve and reject until its promise's executor (which runs at once) sets them. */
const settleLater = () => {};

/**
 * Turns valid device messages into stored readings and fridge state. Readings are written in
 * one transaction per batch together with the state they produce, and each `accept` resolves
 * only after that commit: the broker holds the device's PUBACK until then, so an acknowledged
 * reading is never lost. Refusals: ingestRefusals.ts; batches and their turns: ingestCommits.ts.
 */
export class Ingest {
  private readonly dedupe: SeqDeduplicator;
  /** Readings with a seq waiting for their batch's commit, by `seqKey`. */
  private readonly inFlight = new Map<string, Promise<'stored'>>();
  private readonly refusals: IngestRefusals;
  private readonly commits: IngestCommits;
  readonly lag = new IngestLag();
  private lastWriteError: { message: string; atMs: number } | null = null;
  private storedCount = 0;
  private closing = false;

  constructor(private readonly options: IngestOptions) {
    this.dedupe = new SeqDeduplicator(options.timePolicy.maxAgeMs);
    this.refusals = new IngestRefusals(options);
    this.commits = new IngestCommits({
      ...options,
      committed: (prepared) => this.committed(prepared),
      failed: (batch, err) => this.failBatch(batch, err),
    });
  }

  /**
   * While the writer thread commits a batch, the id of the last reading announced (the features
   * have applied every reading up to it, none after it); null when no batch is in flight.
   */
  readingsAnnouncedUpTo(): number | null {
    return this.commits.readingsAnnouncedUpTo();
  }

  start(): void {
    this.lag.start();
    const sinceMs = this.options.clock.nowMs() - this.options.timePolicy.maxAgeMs;
    for (const { sourceKey, seq, receivedAtMs } of this.options.readings.recentSeqs(sinceMs)) {
      this.dedupe.remember(sourceKey, seq, receivedAtMs);
    }
  }

  /**
   * The first step of a stop (docs/reliability.md "Shutdown"): takes no more readings (each is
   * refused with `IngestStopping`, so the broker sends no PUBACK and the device, or an external
   * broker, sends it again to the next start), commits the backlog for at most `graceMs`, and
   * refuses what is still uncommitted then. Nothing acknowledged is dropped: a reading is
   * acknowledged only after its commit.
   */
  async close(graceMs: number): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const left = await this.commits.drainWithin(graceMs);
    if (left.length === 0) return;
    this.options.logger.warn(
      { readings: left.length, graceMs },
      'stopping: readings not committed in time are left unacknowledged; they are sent again',
    );
    // As a failed batch: an external broker's re-delivery of these must be stored, not matched.
    this.turnAway(left, new IngestStopping());
  }

  /** Writes what is waiting (and, with the writer thread, waits for it to be committed). */
  async stop(): Promise<void> {
    await this.commits.drain();
    this.lag.stop();
  }

  accept(
    message: DeviceMessage,
    source: MessageSource | IngestSource,
    delivery: Delivery | null = null,
  ): Promise<'stored' | 'duplicate' | Refusal> {
    if (this.closing) return Promise.reject(new IngestStopping());
    this.options.metrics?.readingReceived();
    const refusal = this.refusals.check(message);
    if (refusal) return Promise.resolve(refusal);
    const { clock, timePolicy } = this.options;
    const time = resolveMeasuredAt(message.deviceTimeMs, source.receivedAtMs, timePolicy);
    const sourceKey = source.deviceId ?? ('topic' in source ? source.topic : message.fridgeId);
    if (message.seq !== undefined && this.dedupe.isDuplicate(sourceKey, message.seq, clock.nowMs())) {
      this.refusals.duplicate(message.fridgeId, sourceKey, message.seq);
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
      delivery,
    };
    const stored = new Promise<'stored'>((resolve, reject) => {
      pending.resolve = resolve;
      pending.reject = reject;
    });
    // The commit or the failure removes the entry itself, with no promise reaction per reading.
    if (message.seq !== undefined) {
      pending.inFlightKey = seqKey(sourceKey, message.seq);
      this.inFlight.set(pending.inFlightKey, stored);
    }
    this.commits.add(pending);
    return stored;
  }

  refused(refusal: Refusal & { topic: string; clientId: string | null }): void {
    this.refusals.refused(refusal);
  }

  /** Refusals (and duplicates) counted by reason since start. */
  counters(): Record<string, number> {
    return this.refusals.counters();
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
  backlog(): IngestBacklog {
    return this.lag.report(this.commits.waiting(), this.commits.oldestArrivedAt());
  }

  /**
   * Writes everything waiting now (a stop, tests that need the commit in this turn); with the
   * writer thread, sends the next batch unless one is being committed.
   */
  flush(): void {
    this.commits.flush();
  }

  /** A batch is stored: the features hear of it, then its readings are acknowledged. */
  private committed(prepared: Prepared): void {
    const { catalog, bus, metrics } = this.options;
    const { batch, rows } = prepared;
    metrics?.committed(rows.length, (performance.now() - prepared.startedAt) / 1000);
    this.options.deliveries?.committed(batch);
    this.lastWriteError = null;
    this.storedCount += rows.length;
    announceBatch(prepared, catalog, bus);
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
    this.turnAway(batch, err);
  }

  /** Readings that will not be stored: each is rejected with `err`, so it gets no PUBACK. */
  private turnAway(batch: Pending[], err: Error): void {
    this.options.deliveries?.failed(batch);
    for (const { reading, reject, inFlightKey } of batch) {
      // Not stored, so not seen: the device's resend must be accepted.
      if (reading.seq !== null) this.dedupe.forget(reading.sourceKey, reading.seq);
      if (inFlightKey !== null) this.inFlight.delete(inFlightKey);
      reject(err);
    }
  }
}
