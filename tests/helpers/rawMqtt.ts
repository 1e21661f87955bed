import { connect, type Socket } from 'node:net';

/** MQTT's variable-length "remaining length" (MQTT 3.1.1 §2.2.3). */
function remainingLength(length: number): Buffer {
  const bytes: number[] = [];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return Buffer.from(bytes);
}

function utf8Field(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(body.length);
  return Buffer.concat([length, body]);
}

/** A CONNECT packet, MQTT 3.1.1, built by hand so a test controls every byte. */
export function connectPacket(options: { clientId: string; username?: string; password?: string }): Buffer {
  let flags = 0x02; // clean session
  if (options.username !== undefined) flags |= 0x80;
  if (options.password !== undefined) flags |= 0x40;
  const variableHeader = Buffer.concat([utf8Field('MQTT'), Buffer.from([4, flags, 0, 30])]);
  const payload = Buffer.concat([
    utf8Field(options.clientId),
    ...(options.username !== undefined ? [utf8Field(options.username)] : []),
    ...(options.password !== undefined ? [utf8Field(options.password)] : []),
  ]);
  const body = Buffer.concat([variableHeader, payload]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
}

/** A QoS 1 PUBLISH packet with packet id 1. */
export function publishPacket(topic: string, payload: Buffer): Buffer {
  const body = Buffer.concat([utf8Field(topic), Buffer.from([0, 1]), payload]);
  return Buffer.concat([Buffer.from([0x32]), remainingLength(body.length), body]);
}

export interface RawExchange {
  /** The CONNACK return code, or null when the broker closed without one. */
  connack: number | null;
  /** Every byte the broker sent. */
  received: Buffer;
  /** The broker closed the connection before `waitMs` passed. */
  closedByBroker: boolean;
}

/**
 * Sends bytes on a fresh TCP connection and collects the answer until the broker closes it,
 * or, when it stays open, until the answer holds `until` bytes (or `waitMs` passes).
 */
export async function rawExchange(
  port: number,
  bytes: Buffer | Buffer[],
  options: {
    waitMs?: number;
    until?: number;
    /** Sent once the CONNACK arrived, as a client does after logging in. */
    afterConnack?: Buffer[];
    /** The loopback address to connect from (any of 127.0.0.0/8 works on Linux), to stand for another host. */
    localAddress?: string;
  } = {},
): Promise<RawExchange> {
  const waitMs = options.waitMs ?? 2000;
  const chunks: Buffer[] = [];
  const socket: Socket = connect({
    port,
    host: '127.0.0.1',
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = (closedByBroker: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const received = Buffer.concat(chunks);
      const connack = received[0] === 0x20 && received.length >= 4 ? (received[3] ?? null) : null;
      resolve({ connack, received, closedByBroker });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('connect', () => {
      for (const chunk of Array.isArray(bytes) ? bytes : [bytes]) socket.write(chunk);
    });
    let loggedIn = false;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (!loggedIn && options.afterConnack && Buffer.concat(chunks).length >= 4) {
        loggedIn = true;
        for (const later of options.afterConnack) socket.write(later);
      }
      if (options.until !== undefined && Buffer.concat(chunks).length >= options.until) finish(false);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

/** A fixed header alone: packet type byte and a declared remaining length (MQTT 3.1.1 §2.2). */
export function fixedHeader(typeByte: number, declaredLength: number): Buffer {
  return Buffer.concat([Buffer.from([typeByte]), remainingLength(declaredLength)]);
}

export interface StreamOutcome {
  /** Bytes the socket took before it closed or the budget was spent. */
  bytesWritten: number;
  closedByBroker: boolean;
}

/**
 * Writes `header`, then `totalBytes` of filler in `chunk`-sized writes (one reused buffer, so the
 * sender itself holds no more than one chunk), waiting for each to drain, and stops when the
 * broker closes the connection. Resolves with the socket still open when the budget is spent:
 * `close()` it after measuring.
 */
export async function streamAfterHeader(
  port: number,
  header: Buffer,
  totalBytes: number,
  chunkBytes = 64 * 1024,
): Promise<StreamOutcome & { close: () => void }> {
  const socket: Socket = connect({ port, host: '127.0.0.1' });
  let closed = false;
  socket.on('error', () => {
    closed = true;
  });
  socket.on('close', () => {
    closed = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const filler = Buffer.alloc(chunkBytes, 0x61);
  const closedNow = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const write = (bytes: Buffer) =>
    Promise.race([
      new Promise<void>((resolve) => {
        if (socket.write(bytes)) resolve();
        else socket.once('drain', () => resolve());
      }),
      closedNow,
    ]);
  await write(header);
  let bytesWritten = 0;
  while (!closed && bytesWritten < totalBytes) {
    await write(filler);
    if (!closed) bytesWritten += filler.length;
  }
  return { bytesWritten, closedByBroker: closed, close: () => socket.destroy() };
}
