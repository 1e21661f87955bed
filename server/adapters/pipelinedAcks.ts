import type { IPublishPacket, MqttClient } from 'mqtt';
import { INTAKE_WINDOW } from '../../broker/intakeGate';

/**
 * How many incoming QoS 1 messages may wait for their commit at once on the server's
 * subscription. Past it MQTT.js reads no further packet until one is acknowledged, so a broker
 * that pushes its whole backlog (after a restart, with `max_inflight_messages 0`) is held back by
 * TCP instead of filling memory. Twenty of ingest's default batches (INGEST_MAX_BATCH 100, one
 * committed per turn of the event loop): batches commit while the next ones gather. The same
 * window the embedded broker keeps by default (`INTAKE_WINDOW`, broker/intakeGate.ts).
 */
export const PIPELINE_WINDOW = INTAKE_WINDOW;

/**
 * Tells MQTT.js's publish handler "go on to the next packet, send no PUBACK": it passes an error
 * from `handleMessage`'s callback to its packet pump, which only schedules the next packet, and
 * skips the PUBACK (mqtt 5.x, `build/lib/handlers/publish.js`, case 1). The PUBACK is sent here
 * later. `tests/integration/externalBrokerBatches.test.ts` fails if a new MQTT.js changes this.
 */
const NO_PUBACK_YET = new Error('PUBACK sent by PipelinedAcks once stored');

interface Slot {
  messageId: number;
  /** The connection it came on: a PUBACK belongs to it (a new connection gets a redelivery). */
  stream: unknown;
  state: 'waiting' | 'stored' | 'failed';
}

/** MQTT.js's own packet writer, not in its typings (keep-alive and `packetsend` stay right). */
interface PacketWriter {
  _sendPacket(packet: { cmd: 'puback'; messageId: number; reasonCode?: number }, cb: () => void): void;
}

/**
 * MQTT.js hands `handleMessage` one PUBLISH at a time and reads the next only after this one's
 * PUBACK (its design for back-pressure, mqttjs/MQTT.js#1314), so behind an external broker each
 * message would be committed alone. This lets it read on while earlier messages wait for their
 * commit, so everything that arrives in one turn joins one ingest batch, and sends each PUBACK
 * only once its message is stored, in the order the PUBLISHes came (MQTT 3.1.1 §4.6: a client
 * sends PUBACKs in the order of the PUBLISHes). A message that could not be stored gets no
 * PUBACK: the broker sends it again on the next connection, as before.
 */
export class PipelinedAcks {
  private readonly slots: Slot[] = [];
  /** The pump's callback held while the window is full. */
  private heldPump: (() => void) | null = null;
  private closing = false;
  private drained: (() => void) | null = null;

  constructor(
    private readonly client: MqttClient,
    private readonly window = PIPELINE_WINDOW,
  ) {}

  /** Waiting for their commit now (figures and tests). */
  get waiting(): number {
    return this.slots.length;
  }

  /**
   * Stops taking messages (a later one stays unacknowledged, so the broker keeps it for the next
   * start) and resolves once every message taken is stored and acknowledged, or failed: a clean
   * stop leaves the broker nothing to send twice.
   */
  async drain(): Promise<void> {
    this.closing = true;
    if (this.slots.length === 0) return;
    await new Promise<void>((resolve) => {
      this.drained = resolve;
    });
  }

  /** False while stopping: the caller must not handle the message and must not call back. */
  get open(): boolean {
    return !this.closing;
  }

  /** Takes over `handleMessage`'s callback for a message whose handling `stored` settles. */
  handle(packet: IPublishPacket, callback: (err?: Error) => void, stored: Promise<void>): void {
    if (packet.qos === 0 || packet.messageId === undefined) {
      // Nothing to acknowledge; a failure was logged by ingest.
      stored.catch(() => {});
      callback();
      return;
    }
    const slot: Slot = { messageId: packet.messageId, stream: this.client.stream, state: 'waiting' };
    this.slots.push(slot);
    stored.then(
      () => this.settle(slot, 'stored'),
      () => this.settle(slot, 'failed'),
    );
    const next = () => callback(NO_PUBACK_YET);
    if (this.slots.length < this.window) next();
    else this.heldPump = next;
  }

  private settle(slot: Slot, state: 'stored' | 'failed'): void {
    slot.state = state;
    const writer = this.client as unknown as PacketWriter;
    while (this.slots.length > 0 && this.slots[0]?.state !== 'waiting') {
      const done = this.slots.shift() as Slot;
      if (done.state === 'stored' && done.stream === this.client.stream && this.client.connected)
        writer._sendPacket({ cmd: 'puback', messageId: done.messageId }, () => {});
    }
    if (this.slots.length === 0 && this.drained) {
      this.drained();
      this.drained = null;
    }
    if (this.heldPump && this.slots.length < this.window && !this.closing) {
      const next = this.heldPump;
      this.heldPump = null;
      next();
    }
  }
}
