import { createHash } from 'node:crypto';
import { isStoredRedelivery } from '../domain/redelivery';
import type { DeliveryStore } from '../storage/deliveryStore';

/**
 * One message from the external broker, carried by each reading it becomes until their commit,
 * which records it (in the same transaction as the readings).
 */
export interface Delivery {
  packetId: number;
  digest: string;
}

/** What the broker's PUBLISH says of itself (MQTT.js's `IPublishPacket`). */
export interface IncomingPacket {
  messageId?: number | undefined;
  dup: boolean;
}

/** A batch's readings, each with the delivery it came in (null: not from the external broker). */
type Carried = ReadonlyArray<{ delivery: Delivery | null }>;

/** Topic and payload, so a re-delivery is recognised as the same message and not only the same id. */
function digestOf(topic: string, payload: Uint8Array): string {
  return createHash('sha1').update(topic).update('\u0000').update(payload).digest('base64');
}

/**
 * Exactly-once storage behind an external broker: a message the broker sends again after the
 * server died between the commit and the PUBACK (its persistent session resumed, MQTT 3.1.1
 * §4.4) is acknowledged without being stored twice. Messages with a `seq` were already
 * recognised by it; the adapters' formats (Zigbee2MQTT, Tasmota, Shelly, ESPHome, Home
 * Assistant) carry none. The rule itself: server/domain/redelivery.ts.
 */
export class DeliveryLedger {
  /** Messages taken and not yet stored, by packet id: a re-delivery waits for its original. */
  private readonly inFlight = new Map<number, { digest: string; done: Promise<unknown> }>();
  /** Packet ids whose batch failed: a re-delivery is stored, whatever an older record says. */
  private readonly failedIds = new Set<number>();
  /**
   * Failed ids whose older record (if any) the next commit overwrites with a digest that matches
   * nothing, so the rule holds after a crash too; those sent with the batch being committed.
   */
  private readonly toForget = new Set<number>();
  private forgetting: number[] = [];
  private lastCommittedId: number | null = null;
  private ordinal = 0;

  /** `clientId`: the server's client id at its broker, whose session numbers the packet ids. */
  constructor(
    private readonly store: DeliveryStore,
    private readonly clientId: string,
  ) {}

  start(): void {
    const last = this.store.last(this.clientId);
    this.lastCommittedId = last?.packetId ?? null;
    this.ordinal = last?.ordinal ?? 0;
  }

  /**
   * Hands the message to `receive` with its delivery, unless it is a re-delivery of one already
   * stored (or being stored: then it resolves once that is). Resolves when the broker may have
   * its PUBACK; rejects, and so withholds it, when the message (or its original) was not stored.
   */
  async handle(
    topic: string,
    payload: Uint8Array,
    packet: IncomingPacket,
    receive: (delivery: Delivery | null) => Promise<unknown>,
  ): Promise<void> {
    const packetId = packet.messageId;
    // QoS 0: never sent again, nothing to recognise.
    if (packetId === undefined) {
      await receive(null);
      return;
    }
    const digest = digestOf(topic, payload);
    if (packet.dup && this.alreadyStored(packetId, digest)) {
      await this.inFlight.get(packetId)?.done;
      return;
    }
    const entry = { digest, done: receive({ packetId, digest }) };
    this.inFlight.set(packetId, entry);
    try {
      await entry.done;
    } finally {
      if (this.inFlight.get(packetId) === entry) this.inFlight.delete(packetId);
    }
  }

  /** The record rows of a batch's deliveries (`DELIVERY_COLUMNS` each), one per message. */
  columnsOf(batch: Carried): unknown[] {
    const columns: unknown[] = [];
    // Ordinal 0: never taken for the last id committed. A message of this batch with the same id
    // comes after and overwrites it.
    this.forgetting = [...this.toForget];
    for (const packetId of this.forgetting) columns.push(this.clientId, packetId, '', 0);
    let previous: Delivery | null = null;
    for (const { delivery } of batch) {
      if (delivery === null || delivery === previous) continue;
      previous = delivery;
      this.ordinal += 1;
      columns.push(this.clientId, delivery.packetId, delivery.digest, this.ordinal);
    }
    return columns;
  }

  /** Records a batch's deliveries; runs inside its transaction. */
  record(batch: Carried): void {
    const columns = this.columnsOf(batch);
    if (columns.length > 0) this.store.record(columns);
  }

  /** The batch is committed: its last packet id is where "stored before" ends. */
  committed(batch: Carried): void {
    for (const packetId of this.forgetting) this.toForget.delete(packetId);
    this.forgetting = [];
    for (const { delivery } of batch) {
      if (delivery === null) continue;
      this.lastCommittedId = delivery.packetId;
      this.failedIds.delete(delivery.packetId);
    }
  }

  /** The batch was not stored: its records (if an older message left one) must not match. */
  failed(batch: Carried): void {
    this.forgetting = [];
    for (const { delivery } of batch) {
      if (delivery === null) continue;
      this.failedIds.add(delivery.packetId);
      this.toForget.add(delivery.packetId);
    }
  }

  private alreadyStored(packetId: number, digest: string): boolean {
    const original = this.inFlight.get(packetId);
    if (original) return original.digest === digest;
    if (this.failedIds.has(packetId)) return false;
    return isStoredRedelivery(
      this.store.find(this.clientId, packetId),
      digest,
      packetId,
      this.lastCommittedId,
    );
  }
}
