import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { eventually } from '../helpers/eventually';

/**
 * A real aedes broker on a free port. Clients whose id is in `passwords` (the devices) must log in
 * with that id as username and its password; anyone else (the test's subscribers) is let in.
 * It can refuse the devices, or leave their publishes unacknowledged, on demand.
 */
export interface TestBroker {
  url: string;
  aedes: Aedes;
  /** While true, every device's CONNECT is refused with "server unavailable" (return code 3). */
  refuseDevices: boolean;
  /** While true, devices' publishes are held unacknowledged: they stay in flight on the device. */
  holdDevicePublishes: boolean;
  /** Connected aedes clients by client id. */
  clients: Map<string, Client>;
  close(): Promise<void>;
}

export async function startTestBroker(passwords: Record<string, string> = {}): Promise<TestBroker> {
  const aedes = await Aedes.createBroker();
  const server: Server = createServer(aedes.handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const broker: TestBroker = {
    url: `mqtt://127.0.0.1:${port}`,
    aedes,
    refuseDevices: false,
    holdDevicePublishes: false,
    clients: new Map(),
    close: async () => {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  aedes.authenticate = (client, username, password, callback) => {
    const expected = passwords[client.id];
    if (broker.refuseDevices && expected !== undefined) {
      callback(Object.assign(new Error('unavailable'), { returnCode: 3 }) as AuthenticateError, false);
      return;
    }
    callback(null, expected === undefined || (username === client.id && password?.toString() === expected));
  };
  aedes.authorizePublish = (client, _packet, callback) => {
    // A held publish is never acknowledged; the test then cuts the connection.
    if (broker.holdDevicePublishes && client && passwords[client.id] !== undefined) return;
    callback(null);
  };
  aedes.on('client', (client) => broker.clients.set(client.id, client));
  aedes.on('clientDisconnect', (client) => {
    if (broker.clients.get(client.id) === client) broker.clients.delete(client.id);
  });
  return broker;
}

export interface ReceivedMessage {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

/** A real MQTT.js subscriber that records everything it receives. */
export async function startSubscriber(
  url: string,
  filter: string,
): Promise<{ client: MqttClient; messages: ReceivedMessage[] }> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  const messages: ReceivedMessage[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload, retain: packet.retain }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, messages };
}

/** Polls until the condition holds; fails with `what` after the timeout. */
export function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  return eventually(() => {
    if (!condition()) throw new Error(`timed out waiting for ${what}`);
  }, timeoutMs);
}
