import { crc32, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../../contract/api';
import { crc32Combine } from '../../../server/features/crc32Combine';
import { PublicStatusCache } from '../../../server/features/publicStatusCache';
import type { StatusListBody } from '../../../server/features/statusListBody';
import { LIST_CHUNK_STATUSES } from '../../../server/features/statusListBody';
import { GzipChunks, LIST_GZIP_AHEAD } from '../../../server/features/statusListGzip';

const NOW = Date.UTC(2026, 11, 1, 10, 0);

/** Only what the cache reads of a status (clock-driven parts) and a name for the list. */
const status = (id: string, name: string) =>
  ({ id, name, openNow: null, temperature: { status: 'ok' } }) as unknown as FridgeStatus;

function cacheOf(statuses: Map<string, FridgeStatus>) {
  return new PublicStatusCache(
    (id) => statuses.get(id) ?? null,
    () => [...statuses.keys()].sort(),
    () => NOW,
  );
}

function fridges(count: number): Map<string, FridgeStatus> {
  const statuses = new Map<string, FridgeStatus>();
  for (let i = 0; i < count; i++) {
    const id = `f${String(i).padStart(4, '0')}`;
    // Names that differ per fridge and need more than one byte per character in UTF-8.
    statuses.set(id, status(id, `Kühlschrank ${i} ${'ä'.repeat(i % 300)}`));
  }
  return statuses;
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const identity = (body: StatusListBody) => Buffer.concat([...body.chunks()]);

describe('the list in gzip, compressed per chunk', () => {
  it('decodes to exactly the bytes of the uncompressed list, for 0, 1, a chunk and many chunks', async () => {
    for (const count of [0, 1, LIST_CHUNK_STATUSES, LIST_CHUNK_STATUSES + 1, LIST_CHUNK_STATUSES * 3 + 7]) {
      const { body } = cacheOf(fridges(count)).list();
      const gzipped = Buffer.concat(await collect(new GzipChunks().stream(body)));
      // gunzipSync checks the trailer's CRC-32 and length against what it decoded.
      expect(gunzipSync(gzipped).equals(identity(body)), `${count} fridges`).toBe(true);
    }
  });

  it('with bytes around the array (a JSON object that holds it), decodes to exactly head, list and tail', async () => {
    const head = Buffer.from('{"type":"FeatureCollection","features":');
    const tail = Buffer.from(',"withoutLocation":3,"generatedAt":"2026-12-01T10:00:00.000Z"}');
    const chunks = new GzipChunks();
    for (const count of [0, 1, LIST_CHUNK_STATUSES * 2 + 3]) {
      const { body } = cacheOf(fridges(count)).list();
      const gzipped = Buffer.concat(await collect(chunks.stream(body, { head, tail })));
      expect(
        gunzipSync(gzipped).equals(Buffer.concat([head, identity(body), tail])),
        `${count} fridges`,
      ).toBe(true);
    }
  });

  it('a changed status changes only its own chunk’s compressed bytes', async () => {
    const statuses = fridges(LIST_CHUNK_STATUSES * 3);
    const cache = cacheOf(statuses);
    const chunks = new GzipChunks();
    const before = await collect(chunks.stream(cache.list().body));
    // Header, three chunks, trailer.
    expect(before).toHaveLength(5);
    const inSecondChunk = `f${String(LIST_CHUNK_STATUSES + 5).padStart(4, '0')}`;
    cache.put(inSecondChunk, status(inSecondChunk, 'Renamed, and longer than it was before'));
    const { body } = cache.list();
    const after = await collect(chunks.stream(body));
    expect(after[1]).toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    expect(after[3]).toBe(before[3]);
    expect(after[4]?.equals(before[4] as Buffer)).toBe(false);
    expect(gunzipSync(Buffer.concat(after)).equals(identity(body))).toBe(true);
    // Nothing changed since: every piece is the one kept.
    const again = await collect(chunks.stream(cache.list().body));
    for (let i = 1; i <= 3; i++) expect(again[i]).toBe(after[i]);
  });

  it('a fridge added recompresses the chunks whose statuses moved, and the list still decodes', async () => {
    const statuses = fridges(LIST_CHUNK_STATUSES * 2);
    const cache = cacheOf(statuses);
    const chunks = new GzipChunks();
    const before = await collect(chunks.stream(cache.list().body));
    statuses.set('f9999', status('f9999', 'Newest, last in the list'));
    cache.invalidate('f9999');
    const { body } = cache.list();
    const after = await collect(chunks.stream(body));
    expect(body.chunkCount).toBe(3);
    // The first chunk is the same; the second is no longer the last (its `]` moved on).
    expect(after[1]).toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    expect(JSON.parse(gunzipSync(Buffer.concat(after)).toString('utf8'))).toHaveLength(
      LIST_CHUNK_STATUSES * 2 + 1,
    );
  });

  it('hands LIST_GZIP_AHEAD chunks to the pool before sending the first, so the pool does not wait for the socket', async () => {
    expect(LIST_GZIP_AHEAD).toBeGreaterThanOrEqual(5);
    const { body } = cacheOf(fridges(LIST_CHUNK_STATUSES * 5)).list();
    const asked: number[] = [];
    class Counted extends GzipChunks {
      override piece(listBody: StatusListBody, index: number) {
        asked.push(index);
        return super.piece(listBody, index);
      }
    }
    const stream = new Counted().stream(body);
    await stream.next(); // the header
    await stream.next(); // the first piece
    expect(asked).toEqual([0, 1, 2, 3, 4]);
    await stream.return(undefined);
  });

  it('keeps each piece in a buffer of its own size, not in zlib’s whole output buffer', async () => {
    const { body } = cacheOf(fridges(LIST_CHUNK_STATUSES * 2)).list();
    const chunks = new GzipChunks();
    for (const index of [0, 1]) {
      const { deflated, length } = await chunks.piece(body, index);
      expect(deflated.length).toBeLessThan(length / 4);
      expect(deflated.buffer.byteLength).toBeLessThanOrEqual(Math.max(8192, 2 * deflated.length));
    }
  });

  it('combines CRC-32s as zlib does over the joined bytes', () => {
    const a = Buffer.from('[{"id":"a","name":"Bäckerei"}');
    for (const b of [Buffer.alloc(0), Buffer.from(','), Buffer.from('x'.repeat(300_000)), Buffer.from('ü]')])
      expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
  });
});
