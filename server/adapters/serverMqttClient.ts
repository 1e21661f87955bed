import { setTimeout as after } from 'node:timers/promises';
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { PipelinedAcks } from './pipelinedAcks';

export interface ServerMqttOptions {
  url: string;
  username: string | null;
  password: string | null;
  /** Stable id so an external broker keeps the server's persistent session across restarts. */
  clientId: string;
  /**
   * Called for each incoming message; the PUBACK is sent only once it resolves, so a
   * message is acknowledged after it is stored. Later messages are handed over meanwhile
   * (PipelinedAcks), so they can join one commit. `packet` has the packet id and the DUP flag
   * (a re-delivery is recognised by them: server/features/deliveryLedger.ts).
   */
  onMessage?: (topic: string, payload: Buffer, packet: IPublishPacket) => Promise<void>;
  subscriptions?: readonly string[];
  /**
   * The server's availability topic: `online` retained on every connect, `offline` retained on
   * stop and as the last will when the connection drops (MQTT 3.1.1 §3.1.2.5).
   */
  status?: { topic: string; online: string; offline: string };
  /**
   * The embedded broker, when the server runs it: retained documents (live status, alerts) are
   * handed to it in process instead of through this connection.
   */
  localBroker?: { publishRetained(topic: string, payload: string): void };
}

/** A feature's handler for one exact topic; acknowledged once it returns. */
export type TopicHandler = (payload: Buffer) => void;

const STOP_TIMEOUT_MS = 5000;

/** The server's own MQTT connection: publishes `state`, and on an external broker also ingests. */
export class ServerMqttClient {
  private client: MqttClient | null = null;
  private readonly topicHandlers = new Map<string, TopicHandler>();
  private acks: PipelinedAcks | null = null;

  constructor(private readonly options: ServerMqttOptions) {}

  async start(): Promise<void> {
    const { url, username, password, clientId, onMessage, subscriptions, status } = this.options;
    const clientOptions: IClientOptions = {
      clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    };
    if (username !== null) clientOptions.username = username;
    if (password !== null) clientOptions.password = password;
    if (status)
      clientOptions.will = {
        topic: status.topic,
        payload: Buffer.from(status.offline),
        qos: 1,
        retain: true,
      };
    const client = mqtt.connect(url, clientOptions);
    this.client = client;
    if (status) {
      // Every connect, the first one and each reconnect: the will may have said `offline` meanwhile.
      client.on('connect', () => client.publish(status.topic, status.online, { qos: 1, retain: true }));
    }
    const acks = new PipelinedAcks(client);
    this.acks = acks;
    client.handleMessage = (packet, callback) => {
      // Stopping: left unacknowledged for the broker to send again to the next start.
      if (!acks.open) return;
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      const handler = this.topicHandlers.get(packet.topic);
      if (handler) {
        handler(payload);
        // Through the same queue: its PUBACK may not overtake an earlier message's.
        acks.handle(packet, callback, Promise.resolve());
      } else if (onMessage) {
        acks.handle(packet, callback, onMessage(packet.topic, payload, packet));
      } else {
        callback();
      }
    };
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        client.off('connect', ready);
        reject(err);
      };
      const ready = () => {
        client.off('error', fail);
        resolve();
      };
      client.once('connect', ready);
      client.once('error', fail);
    });
    if (subscriptions && subscriptions.length > 0) {
      await client.subscribeAsync([...subscriptions], { qos: 1 });
    }
  }

  /**
   * Subscribes to one exact topic for a feature (Home Assistant's `homeassistant/status`), on the
   * embedded and the external broker alike. Resolves once the broker granted it; returns the
   * function that unsubscribes.
   */
  async subscribe(topic: string, handler: TopicHandler): Promise<() => Promise<void>> {
    const client = this.client;
    if (!client) throw new Error('the MQTT client is stopped');
    this.topicHandlers.set(topic, handler);
    const granted = await client.subscribeAsync(topic, { qos: 1 });
    if (granted.some((grant) => grant.qos === 128))
      throw new Error(`the broker refused the subscription to ${topic}`);
    return async () => {
      this.topicHandlers.delete(topic);
      if (this.client?.connected) await this.client.unsubscribeAsync(topic);
    };
  }

  /**
   * Adds subscriptions (a device registered on an external broker); resolves on the SUBACK, so a
   * device registered is a device heard. The session is persistent (clean: false): the broker
   * keeps them across reconnects, and each start subscribes to every adapter's filters again.
   */
  async subscribeDevices(filters: readonly string[]): Promise<void> {
    if (filters.length === 0 || !this.client) return;
    // While the broker is away MQTT.js queues the request; the caller is not held that long.
    const gaveUp = after(STOP_TIMEOUT_MS, undefined, { ref: false });
    await Promise.race([this.client.subscribeAsync([...filters], { qos: 1 }).then(() => undefined), gaveUp]);
  }

  /** Incoming messages waiting for their commit (and PUBACK) now. */
  get waitingForCommit(): number {
    return this.acks?.waiting ?? 0;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Publishes retained at QoS 1; while disconnected MQTT.js queues it and sends on reconnect. */
  publishRetained(topic: string, payload: string): void {
    if (!this.client) return;
    if (this.options.localBroker) this.options.localBroker.publishRetained(topic, payload);
    else this.client.publish(topic, payload, { qos: 1, retain: true });
  }

  /**
   * Publishes at QoS 1, not retained, and resolves on the PUBACK (an event stream such as
   * `fridges/{id}/requests`, where the caller needs to know it was delivered to the broker).
   */
  async publish(topic: string, payload: string): Promise<void> {
    if (!this.client) throw new Error('the MQTT client is stopped');
    await this.client.publishAsync(topic, payload, { qos: 1, retain: false });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    const { status } = this.options;
    // What was taken is stored (ingest still runs) and acknowledged before the connection goes.
    const drained = this.acks?.drain();
    this.acks = null;
    if (drained && client.connected)
      await Promise.race([drained, after(STOP_TIMEOUT_MS, undefined, { ref: false })]);
    // Said before leaving, since a clean DISCONNECT discards the will (MQTT 3.1.1 §3.14.4).
    if (status && client.connected) client.publish(status.topic, status.offline, { qos: 1, retain: true });
    // A clean end waits for in-flight acks; a broker that went away would hold the shutdown forever.
    const gaveUp = after(STOP_TIMEOUT_MS, 'timeout' as const, { ref: false });
    if ((await Promise.race([client.endAsync(), gaveUp])) === 'timeout') await client.endAsync(true);
  }
}
