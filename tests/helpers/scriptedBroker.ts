import { createServer, type Server, type Socket } from 'node:net';

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

const CONNECT = 1;
const PUBLISH = 3;
const PUBACK = 4;
const SUBSCRIBE = 8;
const UNSUBSCRIBE = 10;
const PINGREQ = 12;

function packet(firstByte: number, body: Buffer): Buffer {
  const length: number[] = [];
  let rest = body.length;
  do {
    let digit = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) digit |= 0x80;
    length.push(digit);
  } while (rest > 0);
  return Buffer.concat([Buffer.from([firstByte, ...length]), body]);
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);

export async function startScriptedBroker(): Promise<ScriptedBroker> {
  let client: Socket | null = null;
  const acks = new Map<number, () => void>();
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
      const topicLength = body.readUInt16BE(0);
      socket.write(packet(0x40, body.subarray(2 + topicLength, 4 + topicLength)));
    } else if (type === PUBACK) {
      const id = body.readUInt16BE(0);
      acks.get(id)?.();
      acks.delete(id);
    }
  };

  const server: Server = createServer((socket) => {
    client = socket;
    subscribedOnce = false;
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        let length = 0;
        let multiplier = 1;
        let at = 1;
        let complete = false;
        while (at < buffered.length) {
          const digit = buffered[at] as number;
          length += (digit & 0x7f) * multiplier;
          multiplier *= 128;
          at += 1;
          if ((digit & 0x80) === 0) {
            complete = true;
            break;
          }
        }
        if (!complete || buffered.length < at + length) return;
        const first = buffered[0] as number;
        handle(socket, first >> 4, first & 0x0f, buffered.subarray(at, at + length));
        buffered = buffered.subarray(at + length);
      }
    });
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
      const acked = new Promise<void>((resolve) => acks.set(id, resolve));
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
