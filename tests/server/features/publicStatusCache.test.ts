import { describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../../contract/api';
import { PublicStatusCache } from '../../../server/features/publicStatusCache';

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
    const { body, etag } = cache.list();
    expect(JSON.parse(body.toString('utf8'))).toEqual([statuses.get('a'), statuses.get('b')]);
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
    expect(JSON.parse(body.toString('utf8'))).toEqual([changed]);
    // The same bytes again while nothing changed: one assembly per change.
    expect(cache.list().body).toBe(body);
  });

  it('an empty catalogue is an empty array', () => {
    const { cache } = cacheOf(new Map());
    expect(cache.list().body.toString('utf8')).toBe('[]');
  });
});
