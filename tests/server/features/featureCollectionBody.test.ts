import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { FridgeStatus } from '../../../contract/api';
import { fridgeFeatureCollection } from '../../../server/domain/openData';
import { FeatureCollectionBodies } from '../../../server/features/openData/featureCollectionBody';
import { LIST_CHUNK_STATUSES } from '../../../server/features/statusListBody';
import { GzipChunks } from '../../../server/features/statusListGzip';

const NOW = Date.UTC(2026, 11, 1, 10, 0);
const PUBLIC_URL = 'https://fridges.example.org';

/** What a Feature reads of a status; every third fridge has no location. */
function status(i: number, kg: number | null = null): FridgeStatus {
  return {
    id: `f${String(i).padStart(4, '0')}`,
    name: `Kühlschrank ${i}`,
    kind: i % 5 === 0 ? 'pantry' : 'fridge',
    location: i % 3 === 0 ? null : { lat: 52.5 + i / 1000, lon: 13.4 - i / 1000 },
    stock: { level: kg === null ? null : 'few', kg, percent: kg === null ? null : 40, asOf: null },
    temperature: { status: 'ok', asOf: '2026-12-01T09:59:00.000Z' },
    online: true,
    lastSeen: '2026-12-01T09:59:30.000Z',
    openNow: null,
    openingHours: null,
    needs: { categories: i % 2 === 0 ? ['bread'] : [] },
  } as unknown as FridgeStatus;
}

const statuses = (count: number) => Array.from({ length: count }, (_, i) => status(i));
const pageUrl = (base: string) => (id: string) => `${base}/fridges/${encodeURIComponent(id)}`;

function plain(body: ReturnType<FeatureCollectionBodies['body']>): Buffer {
  return Buffer.concat([body.head, ...body.features.chunks(), body.tail]);
}

async function gzipped(body: ReturnType<FeatureCollectionBodies['body']>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of new GzipChunks().stream(body.features, body)) parts.push(part);
  return Buffer.concat(parts);
}

describe("the GeoJSON feed's bytes, assembled from each fridge's Feature kept as JSON", () => {
  it('is exactly the reference collection, for none, one, and several chunks of fridges', async () => {
    const bodies = new FeatureCollectionBodies();
    for (const count of [0, 1, 3, LIST_CHUNK_STATUSES * 3 + 5]) {
      const list = statuses(count);
      const body = bodies.body(list, PUBLIC_URL, NOW);
      const bytes = plain(body);
      expect(bytes.length, `${count} fridges`).toBe(body.byteLength);
      expect(JSON.parse(bytes.toString('utf8'))).toEqual(
        fridgeFeatureCollection(list, pageUrl(PUBLIC_URL), NOW),
      );
      expect(gunzipSync(await gzipped(body)).equals(bytes), `${count} fridges in gzip`).toBe(true);
    }
  });

  it('serialises a Feature once per status: a changed fridge changes its own chunk, the others are kept', () => {
    const bodies = new FeatureCollectionBodies();
    const list = statuses(LIST_CHUNK_STATUSES * 4);
    const before = bodies.body(list, PUBLIC_URL, NOW);
    const chunksBefore = [...before.features.chunks()];
    // Fridge 200 has a location (200 % 3 ≠ 0); with a third of the fridges left out it is a
    // Feature in the second chunk.
    list[200] = status(200, 12.5);
    const after = bodies.body(list, PUBLIC_URL, NOW + 1000);
    const chunksAfter = [...after.features.chunks()];
    expect(chunksAfter).toHaveLength(chunksBefore.length);
    const changed = chunksAfter.flatMap((chunk, i) => (chunk === chunksBefore[i] ? [] : [i]));
    expect(changed).toEqual([1]);
    const collection = JSON.parse(plain(after).toString('utf8'));
    expect(collection).toEqual(fridgeFeatureCollection(list, pageUrl(PUBLIC_URL), NOW + 1000));
    expect(collection.features.find((f: { id: string }) => f.id === 'f0200').properties.kg).toBe(12.5);
  });

  it('makes every Feature again when the public address changes: each holds its page', () => {
    const bodies = new FeatureCollectionBodies();
    const list = statuses(10);
    bodies.body(list, PUBLIC_URL, NOW);
    const moved = bodies.body(list, 'https://kuehlschrank.example.de', NOW);
    const collection = JSON.parse(plain(moved).toString('utf8'));
    expect(collection.features[0].properties.url).toBe('https://kuehlschrank.example.de/fridges/f0001');
    expect(collection).toEqual(
      fridgeFeatureCollection(list, pageUrl('https://kuehlschrank.example.de'), NOW),
    );
  });
});
