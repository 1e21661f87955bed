import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixedHeader, STREAM_START, scanPackets } from '../../broker/packetHeader';

/** The remaining-length encoding of MQTT 3.1.1 §2.2.3, written out independently. */
function encodeLength(length: number): number[] {
  const bytes: number[] = [];
  let rest = length;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return bytes;
}

function packet(typeByte: number, bodyLength: number): Uint8Array {
  return Uint8Array.from([
    typeByte,
    ...encodeLength(bodyLength),
    ...new Array<number>(bodyLength).fill(0x61),
  ]);
}

describe('readFixedHeader', () => {
  it('reads remaining lengths of one to four bytes, the boundaries of §2.2.3 included', () => {
    const cases: Array<[number[], number, number]> = [
      [[0x00], 0, 2],
      [[0x7f], 127, 2],
      [[0x80, 0x01], 128, 3],
      [[0xff, 0x7f], 16_383, 3],
      [[0x80, 0x80, 0x01], 16_384, 4],
      [[0xff, 0xff, 0x7f], 2_097_151, 4],
      [[0x80, 0x80, 0x80, 0x01], 2_097_152, 5],
      [[0xff, 0xff, 0xff, 0x7f], 268_435_455, 5],
    ];
    for (const [lengthBytes, remainingLength, headerBytes] of cases) {
      expect(readFixedHeader(Uint8Array.from([0x10, ...lengthBytes]))).toEqual({
        kind: 'complete',
        packetType: 1,
        remainingLength,
        headerBytes,
      });
    }
  });

  it('answers incomplete until the last length byte has arrived', () => {
    expect(readFixedHeader(Uint8Array.from([]))).toEqual({ kind: 'incomplete' });
    expect(readFixedHeader(Uint8Array.from([0x30]))).toEqual({ kind: 'incomplete' });
    expect(readFixedHeader(Uint8Array.from([0x30, 0xff, 0xff]))).toEqual({ kind: 'incomplete' });
  });

  it('refuses a fifth length byte as malformed, whatever follows', () => {
    expect(readFixedHeader(Uint8Array.from([0x10, 0xff, 0xff, 0xff, 0xff]))).toEqual({ kind: 'malformed' });
    expect(readFixedHeader(Uint8Array.from([0x10, 0x80, 0x80, 0x80, 0x80, 0x00]))).toEqual({
      kind: 'malformed',
    });
  });

  it('agrees with the encoder for every length the protocol allows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 268_435_455 }),
        fc.integer({ min: 0, max: 255 }),
        (length, type) => {
          const header = Uint8Array.from([type, ...encodeLength(length)]);
          expect(readFixedHeader(header)).toEqual({
            kind: 'complete',
            packetType: type >> 4,
            remainingLength: length,
            headerBytes: header.length,
          });
        },
      ),
      { seed: 21, numRuns: 2000 },
    );
  });
});

describe('scanPackets', () => {
  it('refuses a packet declaring more than the limit as soon as its header is in, before its body', () => {
    // CONNECT declaring 250 MB: the header alone decides.
    const header = Uint8Array.from([0x10, ...encodeLength(250_000_000)]);
    expect(scanPackets(STREAM_START, header, 4096)).toEqual({
      ok: false,
      reason: 'too-large',
      packetType: 1,
      remainingLength: 250_000_000,
    });
    // Split after the first length byte: nothing to say yet, then refused once the last one is in.
    const first = scanPackets(STREAM_START, header.subarray(0, 2), 4096);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(scanPackets(first.scan, header.subarray(2), 4096)).toMatchObject({
      ok: false,
      reason: 'too-large',
    });
  });

  it('refuses a malformed five-byte length', () => {
    expect(scanPackets(STREAM_START, Uint8Array.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]), 1 << 30)).toEqual(
      {
        ok: false,
        reason: 'malformed-length',
      },
    );
  });

  it('follows packet boundaries: the limit applies to every packet of the stream, not only the first', () => {
    const stream = Uint8Array.from([
      ...packet(0x10, 40),
      ...packet(0x32, 100),
      ...packet(0xc0, 0),
      ...packet(0x32, 5000),
    ]);
    expect(scanPackets(STREAM_START, stream, 4096)).toMatchObject({ ok: false, remainingLength: 5000 });
    const fits = scanPackets(STREAM_START, stream.subarray(0, 2 + 40 + 2 + 100 + 2), 4096);
    expect(fits).toEqual({ ok: true, scan: { header: [], bodyBytesLeft: 0 } });
  });

  it('gives the same verdict however the stream is cut into chunks', () => {
    const packets = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 255 }),
        fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 9000 })),
      ),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(packets, fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 40 }), (specs, cuts) => {
        const limit = 4096;
        const stream = Uint8Array.from(specs.flatMap(([type, length]) => [...packet(type, length)]));
        const whole = scanPackets(STREAM_START, stream, limit);
        let scan = STREAM_START;
        let verdict: ReturnType<typeof scanPackets> = { ok: true, scan };
        let at = 0;
        for (const size of [...cuts, stream.length]) {
          if (at >= stream.length || !verdict.ok) break;
          verdict = scanPackets(scan, stream.subarray(at, at + size), limit);
          if (verdict.ok) scan = verdict.scan;
          at += size;
        }
        expect(verdict).toEqual(whole);
        // Refused exactly when some packet declares more than the limit.
        expect(whole.ok).toBe(specs.every(([, length]) => length <= limit));
      }),
      { seed: 8, numRuns: 150 },
    );
  });
});
