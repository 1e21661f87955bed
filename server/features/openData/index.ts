import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FridgeFeatureCollectionSchema } from '../../../contract/openData';
import { acceptsGzip, sendChunks, varyByEncoding } from '../../api/listEncoding';
import { publicRoute } from '../../api/routeKit';
import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';
import { timedTurn } from '../slowTurns';
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
      // Already JSON, in chunks, like `GET /api/fridges` (server/api/routes/fridges.ts), in gzip
      // when asked, each chunk compressed once.
      async (request, reply) => {
        const { head, features, tail } = timedTurn('open data feed', request.log, () =>
          bodies.body(context.catalog.statuses(), context.site.publicUrl(), context.clock.nowMs()),
        );
        varyByEncoding(reply).type(GEOJSON_TYPE);
        const gzip = acceptsGzip(request.headers['accept-encoding']);
        return sendChunks(reply, features, gzip ? gzipChunks : null, { head, tail });
      },
    );
  };
  return { name: 'openData', start() {}, stop() {}, routes };
}

export const openDataFeature: FeatureFactory = createOpenDataModule;
