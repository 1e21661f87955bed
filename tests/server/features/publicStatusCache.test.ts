import { describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../../contract/api';
import { LIST_CHUNK_BYTES, PublicStatusCache } from '../../../server/features/publicStatusCache';

const NOW = Date.UTC(2026, 11, 1, 10, 0);

/** Only what the cache reads of a status (clock-driven parts) and a name for the list. */
const status = (id: string, name: string) =>
  ({ id, name, openNow: null, temperature: { status: 'ok' } }) as unknown as FridgeStatus;

function cacheOf(statuses: Map<string, FridgeStatus>) {
  let described = 0;
  const cache = new PublicStatusCache(
    (id) => {
      described++;
      return statuses.get(id) ?? null;
    },
    () => [...statuses.keys()].sort(),
    () => NOW,
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
    const { chunks, etag } = cache.list();
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual([
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
    const { chunks, etag } = cache.list();
    expect(etag).toBe(second);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual([changed]);
    // The same bytes again while nothing changed: one assembly per change.
    expect(cache.list().chunks).toBe(chunks);
  });

  it('an empty catalogue is an empty array', () => {
    const { cache } = cacheOf(new Map());
    expect(Buffer.concat(cache.list().chunks).toString('utf8')).toBe('[]');
  });

  it('a long list comes in chunks of about LIST_CHUNK_BYTES that join into the whole array', () => {
    const statuses = new Map<string, FridgeStatus>();
    // About 1 kB of name each: 400 fridges make three or four chunks.
    for (let i = 0; i < 400; i++) {
      const id = `f${String(i).padStart(3, '0')}`;
      statuses.set(id, status(id, `${id} ${'é'.repeat(500)}`));
    }
    const { cache } = cacheOf(statuses);
    const { chunks, byteLength } = cache.list();
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.length).toBeGreaterThanOrEqual(LIST_CHUNK_BYTES);
      expect(chunk.length).toBeLessThan(LIST_CHUNK_BYTES + 2048);
    }
    const whole = Buffer.concat(chunks);
    expect(whole.length).toBe(byteLength);
    expect(JSON.parse(whole.toString('utf8'))).toEqual([...statuses.values()]);
  });
});
