import { connect, createServer, type Server, type Socket } from 'node:net';
import { PACKET, packetReader, publishPacketId } from './mqttFrames';

/** A QoS 1 PUBLISH the broker sent through the proxy: its packet id and DUP flag. */
export interface SeenPublish {
  topic: string;
  id: number;
  dup: boolean;
}

/**
 * A TCP proxy between the server and its broker that can hold either direction: bytes held are
 * never passed on, and when the server's side closes, the broker's side is closed without them.
 * Holding the server's PUBACKs makes "committed, not acknowledged" last as long as a test needs;
 * holding the broker's PUBLISHes makes "sent by the broker, never read by the server". It notes
 * every QoS 1 PUBLISH the broker sends, held or not.
 */
export interface HoldingProxy {
  url: string;
  holdToBroker(): void;
  holdToServer(): void;
  /** PUBLISHes from the broker, per connection, in order. */
  readonly published: SeenPublish[][];
  close(): Promise<void>;
}

export async function startHoldingProxy(brokerPort: number): Promise<HoldingProxy> {
  let toBroker = true;
  let toServer = true;
  const published: SeenPublish[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    // A new connection passes everything until the test holds it.
    toBroker = true;
    toServer = true;
    const seen: SeenPublish[] = [];
    published.push(seen);
    const upstream = connect(brokerPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const notePublish = packetReader((type, flags, body) => {
      if (type === PACKET.PUBLISH && (flags & 0x06) !== 0)
        seen.push({
          topic: body.subarray(2, 2 + body.readUInt16BE(0)).toString('utf8'),
          id: publishPacketId(body),
          dup: (flags & 0x08) !== 0,
        });
    });
    client.on('data', (chunk: Buffer) => {
      if (toBroker) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      notePublish(chunk);
      if (toServer) client.write(chunk);
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', () => {});
    upstream.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    holdToBroker: () => {
      toBroker = false;
    },
    holdToServer: () => {
      toServer = false;
    },
    published,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
