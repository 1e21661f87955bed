import mqtt, { type MqttClient } from 'mqtt';
import { type BackoffOptions, reconnectDelayMs } from './backoff';
import type { DeviceEncoder } from './formats';
import type { SimulationLogger } from './logger';
import { OfflineBuffer } from './offlineBuffer';
import type { SensorReading } from './types';
import {
  type DeviceHealth,
  encodeOfflineStatus,
  encodeOnlineStatus,
  encodeSensorValue,
  lastWill,
  type WireMessage,
} from './wire';

/** How a device logs in. Without username and password it connects anonymously. */
export interface DeviceCredentials {
  /** Also the MQTT client id and a topic level, so a slug. */
  deviceId: string;
  username?: string;
  password?: string;
}

export interface SimulatedDeviceOptions {
  mqttUrl: string;
  fridgeId: string;
  credentials: DeviceCredentials;
  health: DeviceHealth;
  /** First `seq`; it must exceed every seq this device sent before within the server's window. */
  firstSeq: number;
  offlineBufferLimit: number;
  backoff: BackoffOptions;
  /** Jitter source for the backoff, in [0, 1). */
  random01: () => number;
  /** Simulated epoch ms to stamp status messages with, or undefined to send no `ts`. */
  statusTimestampMs: () => number | undefined;
  logger: SimulationLogger;
  /** QoS 1 messages handed to MQTT.js and not yet acknowledged, at most. */
  maxInFlight?: number;
  /**
   * Speaks another ecosystem's format instead of the native contract (`formats/`). Such devices
   * keep no offline buffer, as their firmware keeps none: what they measure offline is lost
   * (counted in `dropped`).
   */
  encoder?: DeviceEncoder;
  /** Simulated now, for a foreign format's timestamps (Shelly's `params.ts`). */
  simulatedNowMs?: () => number;
}

export interface DeviceStats {
  deviceId: string;
  fridgeId: string;
  connected: boolean;
  /** The next seq the device will use. */
  nextSeq: number;
  /** Readings waiting in the offline buffer. */
  buffered: number;
  /** Readings dropped because the offline buffer was full. */
  dropped: number;
  inFlight: number;
  /** Messages the broker acknowledged. */
  acknowledged: number;
  /** Successful connections, the first included. */
  connections: number;
}

/** Wait at most this long for the broker while shutting down. */
const STOP_TIMEOUT_MS = 2_000;

/**
 * One sensor board: an MQTT 3.1.1 client with a persistent session, a retained last will and an
 * offline buffer. Every payload is encoded once, with its seq, when the reading is taken; a
 * message is owned either by the buffer or by MQTT.js (which resends its unacknowledged QoS 1
 * messages after a reconnect, same bytes), never both, so a resend always repeats the same seq.
 */
export class SimulatedDevice {
  private client: MqttClient | null = null;
  private readonly buffer: OfflineBuffer<WireMessage>;
  private seq: number;
  private online = false;
  private stopping = false;
  private inFlight = 0;
  private acknowledged = 0;
  private connections = 0;
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** A `deviceOffline` fault: the link is down, and no reconnect is tried until it is back. */
  private linkDown = false;
  private started = false;
  /** Readings of a foreign-format device lost while it was offline. */
  private lostOffline = 0;

  constructor(private readonly options: SimulatedDeviceOptions) {
    this.buffer = new OfflineBuffer(options.offlineBufferLimit);
    this.seq = options.firstSeq;
  }

  get deviceId(): string {
    return this.options.credentials.deviceId;
  }

  start(): void {
    this.started = true;
    // A device whose link is cut from the start connects once it is restored.
    if (!this.linkDown) this.connect();
  }

  private connect(): void {
    const { credentials, fridgeId, encoder } = this.options;
    const will = encoder ? encoder.will() : lastWill(fridgeId, credentials.deviceId);
    const willQos = encoder ? encoder.will().qos : 1;
    const client = mqtt.connect(this.options.mqttUrl, {
      // aedes speaks MQTT 3.1.1.
      protocolVersion: 4,
      clientId: credentials.deviceId,
      // A persistent session (§3.1.2.4) so the broker keeps the device's state across reconnects.
      clean: false,
      username: credentials.username,
      password: credentials.password,
      will: { topic: will.topic, payload: Buffer.from(will.payload), qos: willQos, retain: true },
      // Reconnection is ours, with backoff; MQTT.js only knows a fixed period.
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    });
    this.client = client;
    client.on('connect', () => this.onConnect());
    client.on('close', () => this.onClose());
    client.on('error', (error) => {
      this.options.logger.warn({ deviceId: this.deviceId, error: error.message }, 'device connection error');
    });
  }

  /** Takes a reading: gives it the next seq and queues it for sending. */
  send(reading: SensorReading, withTimestamp: boolean): void {
    if (this.stopping) return;
    const { encoder } = this.options;
    if (encoder) {
      // The encoder sees every reading (Tasmota keeps the latest values for its next report).
      const messages = encoder.reading(reading);
      if (!this.online) this.lostOffline += messages.length;
      else for (const message of messages) this.publish(message);
      return;
    }
    const meta = withTimestamp ? { seq: this.nextSeq(), ts: reading.atMs } : { seq: this.nextSeq() };
    this.buffer.push(encodeSensorValue(reading.fridgeId, reading.value, meta));
    this.pump();
  }

  /**
   * Cuts or restores the device's link (a `deviceOffline` fault). Cut: the socket dies without
   * a DISCONNECT, so the broker publishes the last will (MQTT 3.1.1 §3.1.2.5), and readings wait
   * in the buffer. Restored: it reconnects at once and uploads what it measured meanwhile.
   */
  setLinkUp(up: boolean): void {
    if (this.stopping || up === !this.linkDown) return;
    this.linkDown = !up;
    if (!up) {
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      // Offline from now, not from the socket's close event: what is measured next waits in the buffer.
      if (this.online) this.options.logger.warn({ deviceId: this.deviceId }, 'device link cut');
      this.online = false;
      this.client?.stream?.destroy();
      return;
    }
    this.reconnectAttempt = 0;
    if (!this.client) {
      if (this.started) this.connect();
    } else if (!this.online) this.reconnectNow();
  }

  stats(): DeviceStats {
    return {
      deviceId: this.deviceId,
      fridgeId: this.options.fridgeId,
      connected: this.online,
      nextSeq: this.seq,
      buffered: this.buffer.size,
      dropped: this.buffer.dropped + this.lostOffline,
      inFlight: this.inFlight,
      acknowledged: this.acknowledged,
      connections: this.connections,
    };
  }

  /** Says goodbye (a retained offline status), disconnects, and cancels every timer. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const unsent = this.buffer.clear();
    if (unsent > 0)
      this.options.logger.info({ deviceId: this.deviceId, unsent }, 'device stopped with readings unsent');
    const client = this.client;
    if (!client) return;
    const saidGoodbye = this.online && (await this.publishGoodbye(client));
    this.online = false;
    await this.end(client, !saidGoodbye || this.inFlight > 0);
  }

  private nextSeq(): number {
    const seq = this.seq;
    this.seq += 1;
    return seq;
  }

  private statusMeta() {
    const ts = this.options.statusTimestampMs();
    return ts === undefined ? { seq: this.nextSeq() } : { seq: this.nextSeq(), ts };
  }

  private onConnect(): void {
    // Emitted once MQTT.js has resent what was in flight when the link dropped.
    if (this.stopping) return;
    this.online = true;
    this.connections += 1;
    this.reconnectAttempt = 0;
    this.options.logger.info({ deviceId: this.deviceId, buffered: this.buffer.size }, 'device connected');
    const { fridgeId, credentials, health, encoder } = this.options;
    if (encoder)
      for (const message of encoder.online(this.options.simulatedNowMs?.() ?? 0)) this.publish(message);
    else this.publish(encodeOnlineStatus(fridgeId, credentials.deviceId, health, this.statusMeta()));
    this.pump();
  }

  private onClose(): void {
    if (this.online) this.options.logger.warn({ deviceId: this.deviceId }, 'device disconnected');
    this.online = false;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopping || this.reconnectTimer || this.linkDown) return;
    const delayMs = reconnectDelayMs(this.reconnectAttempt, this.options.backoff, this.options.random01());
    this.reconnectAttempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.reconnectNow();
    }, delayMs);
  }

  private reconnectNow(): void {
    const client = this.client;
    if (!client || this.stopping || this.linkDown) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    // Passing the stores keeps the unacknowledged messages; without them MQTT.js starts empty.
    client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
  }

  /** Moves buffered messages to MQTT.js while connected, a window at a time, oldest first. */
  private pump(): void {
    const maxInFlight = this.options.maxInFlight ?? 100;
    while (this.online && !this.stopping && this.inFlight < maxInFlight) {
      const message = this.buffer.shift();
      if (!message) return;
      this.publish(message);
    }
  }

  private publish(message: WireMessage & { qos?: 0 | 1 }): void {
    const client = this.client;
    if (!client) return;
    this.inFlight += 1;
    const qos = message.qos ?? 1;
    client.publish(message.topic, message.payload, { qos, retain: message.retain }, (error) => {
      this.inFlight -= 1;
      if (error) {
        // MQTT.js did not keep it (it keeps QoS 1 messages it accepted), so it is ours again;
        // except a status, which the next connect replaces with a fresh one.
        if (!this.stopping && !message.retain && !this.options.encoder) this.buffer.unshift(message);
      } else {
        this.acknowledged += 1;
      }
      this.pump();
    });
  }

  private publishGoodbye(client: MqttClient): Promise<boolean> {
    const { fridgeId, credentials, encoder } = this.options;
    const goodbye = encoder
      ? encoder.offline()
      : encodeOfflineStatus(fridgeId, credentials.deviceId, this.statusMeta());
    const qos = encoder ? encoder.offline().qos : 1;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS);
      client.publish(goodbye.topic, goodbye.payload, { qos, retain: true }, (error) => {
        clearTimeout(timer);
        resolve(!error);
      });
    });
  }

  /** A clean DISCONNECT when possible (the broker then drops the will, §3.14.4), else a hard close. */
  private end(client: MqttClient, force: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        client.stream?.destroy();
        resolve();
      }, STOP_TIMEOUT_MS);
      client.end(force, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
