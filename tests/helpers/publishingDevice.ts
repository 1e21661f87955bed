import mqtt, { type MqttClient } from 'mqtt';
import type { Clock } from '../../server/clock';
import { systemClock } from '../../server/clock';

export interface SentReading {
  seq: number;
  topic: string;
  /** The JSON body without `seq` and `ts`. */
  body: Record<string, unknown>;
  ts: number;
}

export interface PublishingDeviceOptions {
  url: string;
  /** Device id: the username and the client id. Anonymous when password is null (external broker). */
  deviceId: string;
  password: string | null;
  /** The reading to send with this seq. */
  next: (seq: number) => { topic: string; body: Record<string, unknown> };
  /** Extra MQTT.js options (ca for TLS, ...). */
  mqttOptions?: mqtt.IClientOptions;
  /** Stamps `ts`: the server's own clock in tests that inject one; the wall clock for a server process. */
  clock?: Clock;
}

/**
 * A device as firmware behaves: persistent session (clean: false), QoS 1, a unique rising seq
 * and a measurement time on every reading, reconnecting by itself. Readings wait in an outbox
 * until acknowledged: MQTT.js resends what was in flight after a reconnect, and the outbox
 * resends what MQTT.js gave up on (it fails publishes queued while a connection closes, with
 * "Connection closed"). A resend carries the same seq, so the server counts it once.
 */
export class PublishingDevice {
  readonly client: MqttClient;
  readonly sent: SentReading[] = [];
  readonly acked = new Set<number>();
  /** Sent but not acknowledged, by seq. */
  private readonly outbox = new Map<number, SentReading>();
  /** Handed to MQTT.js, waiting for its callback. */
  private readonly inFlight = new Set<number>();
  private seq = 0;
  private lastTs = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Publish attempts, resends included. */
  attempts = 0;

  constructor(private readonly options: PublishingDeviceOptions) {
    const { url, deviceId, password, mqttOptions } = options;
    this.client = mqtt.connect(url, {
      clientId: deviceId,
      ...(password === null ? {} : { username: deviceId, password }),
      protocolVersion: 4,
      clean: false,
      reconnectPeriod: 200,
      connectTimeout: 5000,
      keepalive: 10,
      ...mqttOptions,
    });
    // Refused connections while the server is down are expected; MQTT.js retries by itself.
    this.client.on('error', () => {});
    // 'connect' comes once MQTT.js has resent its own in-flight messages: then the outbox.
    this.client.on('connect', () => {
      for (const reading of this.outbox.values()) this.send(reading);
    });
  }

  get deviceId(): string {
    return this.options.deviceId;
  }

  /** Takes the next reading; it is sent now when connected, else after the reconnect. */
  publishNext(): SentReading {
    this.seq += 1;
    const seq = this.seq;
    const ts = Math.max((this.options.clock ?? systemClock).nowMs(), this.lastTs + 1);
    this.lastTs = ts;
    const { topic, body } = this.options.next(seq);
    const reading = { seq, topic, body, ts };
    this.sent.push(reading);
    this.outbox.set(seq, reading);
    this.send(reading);
    return reading;
  }

  startPublishing(intervalMs: number): void {
    this.stopPublishing();
    this.timer = setInterval(() => this.publishNext(), intervalMs);
  }

  stopPublishing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  allAcked(): boolean {
    return this.outbox.size === 0;
  }

  unacked(): number {
    return this.outbox.size;
  }

  async close(): Promise<void> {
    this.stopPublishing();
    await this.client.endAsync(true);
  }

  private send(reading: SentReading): void {
    if (!this.client.connected || this.inFlight.has(reading.seq)) return;
    this.inFlight.add(reading.seq);
    this.attempts += 1;
    const payload = JSON.stringify({ ...reading.body, seq: reading.seq, ts: reading.ts });
    this.client.publish(reading.topic, payload, { qos: 1 }, (err) => {
      this.inFlight.delete(reading.seq);
      if (err) return;
      this.acked.add(reading.seq);
      this.outbox.delete(reading.seq);
    });
  }
}
