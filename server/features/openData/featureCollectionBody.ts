import type { FridgeStatus } from '../../../contract/api';
import { fridgeFeature } from '../../domain/openData';
import { type StatusJson, StatusListBody } from '../statusListBody';

/** `GET /api/fridges.geojson`'s bytes: the features array in chunks, and the members around it. */
export interface FeatureCollectionBody {
  /** `{"type":"FeatureCollection","features":` */
  head: Buffer;
  features: StatusListBody;
  /** `,"withoutLocation":N,"generatedAt":"…"}` */
  tail: Buffer;
  byteLength: number;
}

const HEAD = Buffer.from('{"type":"FeatureCollection","features":');

/**
 * The GeoJSON feed assembled from each fridge's Feature kept as JSON, as the fridge list is from
 * each status's (server/features/statusListBody.ts). Built and serialised whole per request, the
 * feed took p50 130 / p99 187 ms a request at 10,000 fridges with locations, idle, nearly all of it
 * in the event loop's turn, and was sent uncompressed (3.7 MB; `bench/openDataFeed.ts`,
 * docs/scaling.md, seventeenth round). A Feature is serialised once per status: statuses are
 * replaced, never changed, so the status object is the key, and a fridge whose status did not
 * change keeps its JSON, its serial, and so its chunk and that chunk's compressed bytes from one
 * response to the next.
 */
export class FeatureCollectionBodies {
  private features = new WeakMap<FridgeStatus, StatusJson | null>();
  private publicUrl: string | null = null;
  private serials = 0;
  private previous: StatusListBody | undefined;

  /** The feed for `statuses` (the public list's order), its pages under `publicUrl`, made at `nowMs`. */
  body(statuses: readonly FridgeStatus[], publicUrl: string, nowMs: number): FeatureCollectionBody {
    if (publicUrl !== this.publicUrl) {
      // Every Feature holds its page's address: none kept is right under another.
      this.features = new WeakMap();
      this.publicUrl = publicUrl;
      this.previous = undefined;
    }
    const pageUrl = (id: string) => `${publicUrl}/fridges/${encodeURIComponent(id)}`;
    const jsons: StatusJson[] = [];
    for (const status of statuses) {
      let json = this.features.get(status);
      if (json === undefined) {
        const feature = fridgeFeature(status, pageUrl);
        if (feature) {
          const text = JSON.stringify(feature);
          json = { text, byteLength: Buffer.byteLength(text, 'utf8'), serial: this.serials++ };
        } else json = null;
        this.features.set(status, json);
      }
      if (json) jsons.push(json);
    }
    const features = new StatusListBody(jsons, this.previous);
    this.previous = features;
    const tail = Buffer.from(
      `,"withoutLocation":${statuses.length - jsons.length},"generatedAt":${JSON.stringify(new Date(nowMs).toISOString())}}`,
    );
    return { head: HEAD, features, tail, byteLength: HEAD.length + features.byteLength + tail.length };
  }
}
