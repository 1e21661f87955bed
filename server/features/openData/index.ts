import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FridgeFeatureCollectionSchema } from '../../../contract/openData';
import { acceptsGzip } from '../../api/listEncoding';
import { publicRoute } from '../../api/routeKit';
import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import { timedTurn } from '../slowTurns';
import type { StatusListBody } from '../statusListBody';
import { GzipChunks } from '../statusListGzip';
import { FeatureCollectionBodies } from './featureCollectionBody';

/** RFC 7946 §12: the media type of GeoJSON. */
const GEOJSON_TYPE = 'application/geo+json';

/**
 * Open data any community map can take in (docs/open-data.md): `GET /api/fridges.geojson`, the
 * live public status of every fridge with a location. Like every public read, CORS is open (`*`).
 */
export function createOpenDataModule(context: FeatureContext): FeatureModule {
  const bodies = new FeatureCollectionBodies();
  const gzipChunks = new GzipChunks();
  const routes: FastifyPluginAsyncTypebox = async (app) => {
    app.get(
      '/api/fridges.geojson',
      publicRoute({
        summary:
          'Every fridge with a location as a GeoJSON FeatureCollection (RFC 7946), live status in properties',
        produces: [GEOJSON_TYPE],
        response: { 200: FridgeFeatureCollectionSchema },
      }),
      // Already JSON, in chunks, like `GET /api/fridges` (server/api/routes/fridges.ts): streamed
      // past the response schema's serialiser, in gzip when asked, each chunk compressed once.
      async (request, reply) => {
        const { head, features, tail, byteLength } = timedTurn('open data feed', request.log, () =>
          bodies.body(context.catalog.statuses(), context.site.publicUrl(), context.clock.nowMs()),
        );
        // Appended: the CORS plugin may have set `Vary: Origin` already.
        const vary = reply.getHeader('vary');
        reply.type(GEOJSON_TYPE).header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding');
        if (acceptsGzip(request.headers['accept-encoding'])) {
          const gzip = gzipChunks.stream(features, { head, tail });
          const stream = Readable.from(gzip, { objectMode: false, highWaterMark: 1 });
          return reply.header('content-encoding', 'gzip').send(stream as never);
        }
        const stream = Readable.from(plainBytes(head, features, tail), {
          objectMode: false,
          highWaterMark: 1,
        });
        return reply.header('content-length', byteLength).send(stream as never);
      },
    );
  };
  return { name: 'openData', start() {}, stop() {}, routes };
}

/** The feed's bytes in order, each chunk of the features encoded when the socket asks for it. */
function* plainBytes(head: Buffer, features: StatusListBody, tail: Buffer): Generator<Buffer> {
  yield head;
  yield* features.chunks();
  yield tail;
}

export const openDataFeature: FeatureFactory = createOpenDataModule;
