import type { MessageSource } from '../../broker/embeddedBroker';
import type { Clock } from '../clock';
import type { ReadingTimePolicy } from '../domain/readingTime';
import type { EventBus } from '../eventBus';
import type { Db } from '../storage/database';
import type { IngestWriter } from '../storage/ingestWriter';
import type { ReadingStore } from '../storage/readingStore';
import type { StateStore } from '../storage/stateStore';
import type { DeliveryLedger } from './deliveryLedger';
import type { FridgeCatalog } from './fridgeCatalog';

/** What `Ingest` (ingest.ts) is built with, what it reports to, and what it refuses with. */

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
   * Most readings in one transaction, and in one turn of the event loop. There is no waiting
   * window: a batch is committed on the first turn after its first reading, what arrives
   * meanwhile forms the next batch, and a backlog is committed one batch per turn
   * (server/features/ingestCommits.ts).
   */
  maxBatch: number;
  metrics?: IngestMetrics;
  /**
   * Writes each batch on a thread of its own (server/storage/ingestWriter.ts); one batch at a
   * time, and its readings are acknowledged only on the thread's answer. Null or absent: the
   * batch is written on `db` on the event loop (a database in memory, or the thread died).
   */
  writer?: IngestWriter | null;
  /**
   * Behind an external broker: records each message's packet id in its readings' commit, so a
   * re-delivery after a crash is not stored twice (server/features/deliveryLedger.ts).
   */
  deliveries?: DeliveryLedger | null;
  /**
   * Told the number of readings waiting for their commit whenever it changes: the embedded
   * broker's intake gate (broker/intakeGate.ts) stops reading devices past its window.
   */
  waitingChanged?: (waiting: number) => void;
}

/** A source message: where it came from, with `topic` naming the seq source on external brokers. */
export type IngestSource = MessageSource & { topic: string };

/** A reading turned away because the server is stopping: not stored, not acknowledged. */
export class IngestStopping extends Error {
  constructor() {
    super('the server is stopping: the reading is not stored and gets no PUBACK, so it is sent again');
    this.name = 'IngestStopping';
  }
}
