import { describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../../contract/api';
import { PublicStatusCache } from '../../../server/features/publicStatusCache';
import { LIST_CHUNK_STATUSES } from '../../../server/features/statusListBody';

const NOW = Date.UTC(2026, 11, 1, 10, 0);

/** Only what the cache reads of a status (clock-driven parts) and a name for the list. */
const status = (id: string, name: string) =>
  ({ id, name, openNow: null, temperature: { status: 'ok' } }) as unknown as FridgeStatus;

function cacheOf(statuses: Map<string, FridgeStatus>, clock = { nowMs: NOW }) {
  let described = 0;
  const cache = new PublicStatusCache(
    (id) => {
      described++;
      return statuses.get(id) ?? null;
    },
    () => [...statuses.keys()].sort(),
    () => clock.nowMs,
  );
  return { cache, described: () => described };
}

describe('PublicStatusCache: the list as bytes, and its ETag without them', () => {
  it('lists every status as one JSON array of UTF-8 bytes, in order', () => {
    const statuses = new Map([
      ['b', status('b', 'Bäckerei')],
      ['a', status('a', 'Allotment')],
    ]);
    const { cache } = cacheOf(statuses);
    const { body, etag } = cache.list();
    expect(JSON.parse(Buffer.concat([...body.chunks()]).toString('utf8'))).toEqual([
      statuses.get('a'),
      statuses.get('b'),
    ]);
    expect(cache.etag()).toBe(etag);
  });

  it('answers the ETag of the current list without assembling it, and a change moves it', () => {
    const statuses = new Map([['a', status('a', 'Allotment')]]);
    const { cache, described } = cacheOf(statuses);
    const first = cache.etag();
    expect(described()).toBe(1);
    expect(cache.etag()).toBe(first);
    expect(described()).toBe(1);
    const changed = status('a', 'Allotment (garden)');
    cache.put('a', changed);
    const second = cache.etag();
    expect(second).not.toBe(first);
    const { body, etag } = cache.list();
    expect(etag).toBe(second);
    expect(JSON.parse(Buffer.concat([...body.chunks()]).toString('utf8'))).toEqual([changed]);
    // The same bytes again while nothing changed: one assembly per change.
    expect(cache.list().body).toBe(body);
  });

  it('an empty catalogue is an empty array', () => {
    const { cache } = cacheOf(new Map());
    expect(Buffer.concat([...cache.list().body.chunks()]).toString('utf8')).toBe('[]');
  });

  it('a long list comes in chunks of LIST_CHUNK_STATUSES statuses that join into the whole array', () => {
    const statuses = new Map<string, FridgeStatus>();
    // About 1 kB of name each, 2.5 chunks' worth.
    const count = Math.round(LIST_CHUNK_STATUSES * 2.5);
    for (let i = 0; i < count; i++) {
      const id = `f${String(i).padStart(3, '0')}`;
      statuses.set(id, status(id, `${id} ${'é'.repeat(500)}`));
    }
    const { cache } = cacheOf(statuses);
    const { body } = cache.list();
    const chunks = [...body.chunks()];
    expect(chunks.length).toBe(3);
    for (const [i, chunk] of chunks.entries()) {
      const statusesIn = i < 2 ? LIST_CHUNK_STATUSES : count - 2 * LIST_CHUNK_STATUSES;
      // Each status's JSON and a comma or bracket.
      expect(chunk.length).toBeGreaterThan(statusesIn * 1000);
      expect(chunk.length).toBeLessThan(statusesIn * 1100 + 2);
    }
    const whole = Buffer.concat(chunks);
    expect(whole.length).toBe(body.byteLength);
    expect(JSON.parse(whole.toString('utf8'))).toEqual([...statuses.values()]);
  });

  it('a list being sent stays the list of its change while later changes come in', () => {
    const statuses = new Map<string, FridgeStatus>();
    for (let i = 0; i < 400; i++) {
      const id = `f${String(i).padStart(3, '0')}`;
      statuses.set(id, status(id, `${id} ${'x'.repeat(1000)}`));
    }
    const before = [...statuses.values()];
    const { cache } = cacheOf(statuses);
    const { body } = cache.list();
    const first = body.chunk(0);
    // The first and the last fridge change after the first chunk went out.
    cache.put('f000', status('f000', 'renamed first'));
    cache.put('f399', status('f399', 'renamed last'));
    const rest = Array.from({ length: body.chunkCount - 1 }, (_, i) => body.chunk(i + 1));
    expect(JSON.parse(Buffer.concat([first, ...rest]).toString('utf8'))).toEqual(before);
    // A chunk read again is the one already copied.
    expect(body.chunk(0)).toBe(first);
    const after = JSON.parse(Buffer.concat([...cache.list().body.chunks()]).toString('utf8'));
    expect(after[0].name).toBe('renamed first');
    expect(after[399].name).toBe('renamed last');
  });

  it('the next change’s list takes over the encoded chunks whose statuses did not change', () => {
    const statuses = new Map<string, FridgeStatus>();
    // Three full chunks: the last one ends with the array's bracket.
    const count = LIST_CHUNK_STATUSES * 3;
    for (let i = 0; i < count; i++) {
      const id = `f${String(i).padStart(3, '0')}`;
      statuses.set(id, status(id, `${id} ${'ü'.repeat(i % 40)}`));
    }
    const { cache } = cacheOf(statuses);
    const first = cache.list().body;
    const before = [...first.chunks()];
    // A status in the second chunk changes: only that chunk is encoded again.
    const inSecond = `f${String(LIST_CHUNK_STATUSES + 3).padStart(3, '0')}`;
    const renamed = status(inSecond, 'Renamed, longer than before');
    statuses.set(inSecond, renamed);
    cache.put(inSecond, renamed);
    const second = cache.list().body;
    expect(second).not.toBe(first);
    expect(second.chunk(0)).toBe(before[0]);
    expect(second.chunk(1)).not.toBe(before[1]);
    expect(second.chunk(2)).toBe(before[2]);
    const whole = Buffer.concat([...second.chunks()]);
    expect(whole.length).toBe(second.byteLength);
    expect(JSON.parse(whole.toString('utf8'))).toEqual([...statuses.values()]);
    // A status put again, even unchanged, is new JSON: its chunk is encoded again, the rest kept.
    cache.put('f000', statuses.get('f000') as FridgeStatus);
    const third = cache.list().body;
    expect(third.chunk(0)).not.toBe(before[0]);
    expect(third.chunk(0).equals(before[0] as Buffer)).toBe(true);
    expect(third.chunk(1)).toBe(second.chunk(1));
    // A fridge added after the others makes the old last chunk a middle one, its statuses
    // unchanged but its bracket a comma: encoded again.
    statuses.set('f999', status('f999', 'Newest'));
    cache.invalidate('f999');
    const fourth = cache.list().body;
    expect(fourth.chunkCount).toBe(4);
    expect(fourth.chunk(1)).toBe(second.chunk(1));
    expect(fourth.chunk(2)).not.toBe(before[2]);
    expect(JSON.parse(Buffer.concat([...fourth.chunks()]).toString('utf8'))).toEqual([...statuses.values()]);
  });

  it('a chunk a list never encoded is not taken over, and is encoded when read', () => {
    const statuses = new Map<string, FridgeStatus>();
    for (let i = 0; i < LIST_CHUNK_STATUSES * 2; i++)
      statuses.set(`f${String(i).padStart(3, '0')}`, status(`${i}`, `n${i}`));
    const { cache } = cacheOf(statuses);
    const first = cache.list().body;
    const firstChunk = first.chunk(0);
    cache.put('f000', status('0', 'changed'));
    const second = cache.list().body;
    // Chunk 1 was never read from the first list, so there is nothing to take over.
    expect(JSON.parse(Buffer.concat([...second.chunks()]).toString('utf8'))[0].name).toBe('changed');
    expect(second.chunk(0)).not.toBe(firstChunk);
    expect(first.chunk(1).equals(second.chunk(1))).toBe(true);
    expect(first.chunk(1)).not.toBe(second.chunk(1));
  });

  it('a clock-driven status is described again in the next minute, not before', () => {
    const open = { ...status('a', 'Allotment'), openNow: true } as FridgeStatus;
    const statuses = new Map([
      ['a', open],
      ['b', status('b', 'Bakery')],
    ]);
    const clock = { nowMs: NOW };
    const { cache, described } = cacheOf(statuses, clock);
    const first = cache.etag();
    expect(described()).toBe(2);
    clock.nowMs = NOW + 59_999;
    expect(cache.etag()).toBe(first);
    expect(cache.list().etag).toBe(first);
    expect(described()).toBe(2);
    statuses.set('a', { ...open, openNow: false } as FridgeStatus);
    clock.nowMs = NOW + 60_000;
    const second = cache.etag();
    expect(second).not.toBe(first);
    // Only the clock-driven status was described again.
    expect(described()).toBe(3);
    expect(JSON.parse(Buffer.concat([...cache.list().body.chunks()]).toString('utf8'))[0].openNow).toBe(
      false,
    );
  });

  it('a fridge added or removed within the minute is in the next ETag and list', () => {
    const statuses = new Map([['a', status('a', 'Allotment')]]);
    const { cache } = cacheOf(statuses);
    const first = cache.etag();
    statuses.set('b', status('b', 'Bakery'));
    cache.invalidate('b');
    const second = cache.etag();
    expect(second).not.toBe(first);
    // The ETag answered is the list's: the new fridge was described for it, not after.
    expect(cache.list().etag).toBe(second);
    const listed = JSON.parse(Buffer.concat([...cache.list().body.chunks()]).toString('utf8'));
    expect(listed.map((s: FridgeStatus) => s.id)).toEqual(['a', 'b']);
    statuses.delete('a');
    cache.invalidate('a');
    expect(cache.etag()).not.toBe(second);
    const left = JSON.parse(Buffer.concat([...cache.list().body.chunks()]).toString('utf8'));
    expect(left.map((s: FridgeStatus) => s.id)).toEqual(['b']);
  });
});
