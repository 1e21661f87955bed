import { createServer, type Server, type Socket } from 'node:net';
import { PACKET, framePacket as packet, packetReader, publishPacketId } from './mqttFrames';

const { CONNECT, PUBLISH, PUBACK, SUBSCRIBE, UNSUBSCRIBE, PINGREQ } = PACKET;

/**
 * A broker that does only what a test tells it, for the server's client: it accepts the
 * connection and its subscriptions (MQTT 3.1.1), and sends PUBLISH packets with the packet id
 * and DUP flag the test chooses, which a real broker decides itself (Mosquitto numbers its
 * messages in sequence and sets DUP only on a re-delivery after a reconnect). It records the
 * PUBACKs the server sends.
 */
export interface ScriptedBroker {
  url: string;
  /** Sends a QoS 1 PUBLISH to the connected server and resolves on its PUBACK. */
  deliver(topic: string, payload: string, packet: { id: number; dup: boolean }): Promise<void>;
  /** Resolves once the server's client has connected and subscribed (again, after a restart). */
  subscribed(): Promise<void>;
  close(): Promise<void>;
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);

export async function startScriptedBroker(): Promise<ScriptedBroker> {
  let client: Socket | null = null;
  /** Who waits for each packet id's PUBACK, first sent first. */
  const acks = new Map<number, Array<() => void>>();
  let onSubscribed: (() => void) | null = null;
  let subscribedOnce = false;

  const handle = (socket: Socket, type: number, flags: number, body: Buffer) => {
    if (type === CONNECT) socket.write(Buffer.from([0x20, 2, 0, 0]));
    else if (type === SUBSCRIBE) {
      let at = 2;
      const granted: number[] = [];
      while (at < body.length) {
        at += 2 + body.readUInt16BE(at) + 1;
        granted.push(1);
      }
      socket.write(packet(0x90, Buffer.concat([body.subarray(0, 2), Buffer.from(granted)])));
      subscribedOnce = true;
      onSubscribed?.();
    } else if (type === UNSUBSCRIBE) socket.write(packet(0xb0, body.subarray(0, 2)));
    else if (type === PINGREQ) socket.write(Buffer.from([0xd0, 0]));
    else if (type === PUBLISH && (flags & 0x06) !== 0) {
      // The server's own QoS 1 publishes (its status, retained): acknowledged and dropped.
      socket.write(packet(0x40, u16(publishPacketId(body))));
    } else if (type === PUBACK) {
      const id = body.readUInt16BE(0);
      acks.get(id)?.shift()?.();
    }
  };

  const server: Server = createServer((socket) => {
    client = socket;
    // A PUBACK belongs to its connection: what the last one left unacknowledged waits for ever.
    acks.clear();
    subscribedOnce = false;
    socket.on(
      'data',
      packetReader((type, flags, body) => handle(socket, type, flags, body)),
    );
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `mqtt://127.0.0.1:${port}`,
    deliver(topic, payload, { id, dup }) {
      const socket = client;
      if (!socket) return Promise.reject(new Error('no client connected'));
      const acked = new Promise<void>((resolve) => acks.set(id, [...(acks.get(id) ?? []), resolve]));
      const topicBytes = Buffer.from(topic);
      const body = Buffer.concat([u16(topicBytes.length), topicBytes, u16(id), Buffer.from(payload)]);
      socket.write(packet(0x30 | (dup ? 0x08 : 0) | 0x02, body));
      return acked;
    },
    subscribed() {
      if (subscribedOnce) return Promise.resolve();
      return new Promise((resolve) => {
        onSubscribed = () => {
          onSubscribed = null;
          resolve();
        };
      });
    },
    async close() {
      (client as Socket | null)?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
