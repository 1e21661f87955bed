import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { LIMITS } from '../contract/payloads';
import type { IntakeGate, ReadOn } from './intakeGate';
import { type PacketScan, type ScanResult, STREAM_START, scanPackets } from './packetHeader';

/**
 * Largest packet (bytes after the fixed header) accepted before the client has logged in. A
 * device's CONNECT holds its client id, username and password (64-character slugs and a
 * 24-character secret) and its will (a status topic and payload): well under 2 KB.
 */
export const MAX_PACKET_BYTES_BEFORE_LOGIN = 4 * 1024;

/**
 * Largest packet a logged-in device may send: a PUBLISH is a 2-byte topic length, the topic, a
 * 2-byte packet id and the payload (MQTT 3.1.1 §3.3.2). The longest contract topic is 152 bytes
 * with 64-character ids; 1 KB leaves room for a wrong topic to be refused by the ACL with its
 * reason. Payloads up to twice the contract limit still arrive, to be acknowledged and counted
 * as `payload-too-large`: closing the connection instead would make a device resend the same
 * message forever. Anything larger is not a reading: the connection is closed.
 */
export const MAX_DEVICE_PACKET_BYTES = 2 + 1024 + 2 + 2 * LIMITS.payloadBytes;

/**
 * An off-the-shelf device publishes more than readings under its own prefix: a Zigbee2MQTT bridge
 * sends `bridge/devices` and `bridge/definitions` (hundreds of kB on a large network) at start.
 * Closing it for that would make it reconnect forever; it is logged in, so it is bounded, not cut.
 */
export const MAX_ADAPTER_PACKET_BYTES = 4 * 1024 * 1024;

/** The server's own client publishes `state` documents and notices; trusted, bounded all the same. */
export const MAX_SERVER_PACKET_BYTES = 1024 * 1024;

export type GuardRefusal = Exclude<ScanResult, { ok: true }>;

/**
 * The socket as aedes sees it, with the fixed header of every incoming packet read as its bytes
 * arrive (broker/packetHeader.ts). A packet declaring more than the current limit closes the
 * connection before its body is read, so memory held for a connection never exceeds the limit
 * plus the stream buffers. The limit is small until the broker reports a login (`loggedIn`).
 * A logged-in device's connection is read only while the intake gate is open (broker/intakeGate.ts):
 * past it, what the device sends waits in the socket's buffers and in the device's QoS 1 queue.
 * Writes pass straight to the socket.
 */
export class GuardedConnection extends Duplex {
  private scan: PacketScan = STREAM_START;
  private maxPacketBytes = MAX_PACKET_BYTES_BEFORE_LOGIN;
  private waitingForDrain: ((error?: Error | null) => void) | null = null;
  /** The gate that holds this connection's reads once it is a device's (`loggedIn`); null before. */
  private gate: IntakeGate | null = null;
  /** Bytes read from the socket while the gate was closed, not yet handed to aedes. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private readonly readOn: ReadOn = () => this.handOver();

  constructor(
    private readonly socket: Socket,
    private readonly onRefused: (refusal: GuardRefusal) => void,
    /** Held by this gate once a device logs in; the server's own client never is. */
    private readonly intakeGate: IntakeGate | null = null,
  ) {
    super({ allowHalfOpen: false });
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('end', () => this.ended());
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
  }

  /** The peer's address, as on a socket (aedes hooks read `client.conn.remoteAddress`). */
  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  /**
   * The client has authenticated: later packets may be up to `maxPacketBytes`. A device's (or an
   * adapter's) readings go to ingest, so its reads wait for the intake gate from now on.
   */
  loggedIn(maxPacketBytes: number, sendsReadings = false): void {
    this.maxPacketBytes = maxPacketBytes;
    if (sendsReadings) this.gate = this.intakeGate;
    this.emit('loggedIn');
  }

  /** Whether the socket is not being read now (aedes is busy with this client, or the gate holds it). */
  get readingPaused(): boolean {
    return this.socket.isPaused();
  }

  /** Bytes read while the gate was closed and held back from aedes. */
  get bytesHeld(): number {
    return this.heldBytes;
  }

  private received(chunk: Buffer): void {
    const result = scanPackets(this.scan, chunk, this.maxPacketBytes);
    if (!result.ok) {
      this.onRefused(result);
      this.destroy();
      return;
    }
    this.scan = result.scan;
    // A closed gate: the bytes wait here as bytes (tens of bytes a reading, against kilobytes once
    // aedes has parsed them), and the socket is not read until the gate lets this connection on.
    if (this.gate && (this.gate.closed || this.heldBytes > 0)) {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      this.socket.pause();
      this.gate.whenOpen(this.readOn);
      return;
    }
    // Backpressure: aedes pauses reading while it authenticates or while a client is slow.
    if (!this.push(chunk)) this.socket.pause();
  }

  /** The gate lets this connection on: what it held goes to aedes, and the socket is read again. */
  private handOver(): number {
    const bytes = this.heldBytes;
    if (bytes > 0) {
      const chunk = this.held.length === 1 ? (this.held[0] as Buffer) : Buffer.concat(this.held);
      this.held = [];
      this.heldBytes = 0;
      if (!this.push(chunk)) return bytes;
    }
    this.socket.resume();
    return bytes;
  }

  /**
   * The device closed its side: what the gate still held is dropped, never acknowledged, so the
   * device sends it again on its next connection (a PUBACK could not reach this one anyway).
   */
  private ended(): void {
    this.dropHeld();
    this.push(null);
  }

  private dropHeld(): void {
    this.gate?.forget(this.readOn);
    this.held = [];
    this.heldBytes = 0;
  }

  override _read(): void {
    if (this.gate && this.heldBytes === 0) this.gate.whenOpen(this.readOn);
    else if (!this.gate) this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send(chunk, callback);
  }

  /**
   * mqtt-packet writes each packet as several small chunks under cork(): passed on one by one,
   * every PUBACK cost three or four system calls (the benchmark profile, docs/benchmarks.md).
   * Corked chunks go to the socket as one buffer, as they would on a bare socket.
   */
  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this.send(
      chunks.length === 1 ? (chunks[0]?.chunk ?? Buffer.alloc(0)) : Buffer.concat(chunks.map((c) => c.chunk)),
      callback,
    );
  }

  private send(chunk: Buffer, callback: (error?: Error | null) => void): void {
    if (this.socket.write(chunk)) {
      callback();
      return;
    }
    this.waitingForDrain = callback;
    this.socket.once('drain', () => {
      this.waitingForDrain = null;
      callback();
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.dropHeld();
    this.socket.destroy();
    this.waitingForDrain?.(error ?? new Error('connection closed'));
    this.waitingForDrain = null;
    callback(error);
  }
}
