/**
 * MQTT 3.1.1 fixed headers read from a byte stream, without buffering packet bodies: enough to
 * know, as each header arrives, how large the packet it starts declares itself to be. aedes 1.x
 * has no maximum packet size and buffers a packet whole before parsing it, so a stranger
 * declaring 256 MB could make it hold 256 MB; the socket guard reads these headers first.
 */

/** The remaining length takes 1 to 4 bytes (MQTT 3.1.1 §2.2.3); a fifth is malformed. */
export const MAX_REMAINING_LENGTH_BYTES = 4;

export type FixedHeader =
  | { kind: 'incomplete' }
  | { kind: 'malformed' }
  | {
      kind: 'complete';
      /** Control packet type, the high nibble of the first byte (MQTT 3.1.1 §2.2.1): 1 is CONNECT. */
      packetType: number;
      /** Bytes of variable header and payload that follow the fixed header. */
      remainingLength: number;
      /** Bytes of the fixed header itself: 2 to 5. */
      headerBytes: number;
    };

/**
 * Reads the fixed header at the start of `bytes`: a type byte, then the remaining length, 7 bits
 * a byte, least significant first, the high bit set on every byte but the last (§2.2.3).
 */
export function readFixedHeader(bytes: Uint8Array): FixedHeader {
  const typeByte = bytes[0];
  if (typeByte === undefined) return { kind: 'incomplete' };
  let remainingLength = 0;
  let multiplier = 1;
  for (let i = 1; i <= MAX_REMAINING_LENGTH_BYTES; i++) {
    const byte = bytes[i];
    if (byte === undefined) return { kind: 'incomplete' };
    remainingLength += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) {
      return { kind: 'complete', packetType: typeByte >> 4, remainingLength, headerBytes: i + 1 };
    }
    multiplier *= 128;
  }
  return { kind: 'malformed' };
}

/** Where a stream is between packets: a fixed header partly read, or body bytes still to pass. */
export interface PacketScan {
  /** Bytes of a fixed header read so far (at most 5), when between packets. */
  readonly header: readonly number[];
  /** Body bytes of the current packet still to come. */
  readonly bodyBytesLeft: number;
}

export const STREAM_START: PacketScan = Object.freeze({ header: [], bodyBytesLeft: 0 });

export type ScanResult =
  | { ok: true; scan: PacketScan }
  | { ok: false; reason: 'malformed-length' }
  | { ok: false; reason: 'too-large'; packetType: number; remainingLength: number };

/**
 * Follows packet boundaries through the next chunk of a stream and checks every fixed header
 * that completes in it: a remaining length above `maxRemainingLength` is refused as soon as
 * its header has arrived, before any of its body. Pure: the state goes in and comes out.
 */
export function scanPackets(scan: PacketScan, chunk: Uint8Array, maxRemainingLength: number): ScanResult {
  let header = [...scan.header];
  let bodyBytesLeft = scan.bodyBytesLeft;
  let at = 0;
  while (at < chunk.length) {
    if (bodyBytesLeft > 0) {
      const skipped = Math.min(bodyBytesLeft, chunk.length - at);
      bodyBytesLeft -= skipped;
      at += skipped;
      continue;
    }
    header.push(chunk[at] as number);
    at += 1;
    const read = readFixedHeader(Uint8Array.from(header));
    if (read.kind === 'incomplete') continue;
    if (read.kind === 'malformed') return { ok: false, reason: 'malformed-length' };
    if (read.remainingLength > maxRemainingLength) {
      return {
        ok: false,
        reason: 'too-large',
        packetType: read.packetType,
        remainingLength: read.remainingLength,
      };
    }
    bodyBytesLeft = read.remainingLength;
    header = [];
  }
  return { ok: true, scan: { header, bodyBytesLeft } };
}
