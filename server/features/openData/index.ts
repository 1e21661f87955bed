import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FridgeFeatureCollectionSchema } from '../../../contract/openData';
import { publicRoute } from '../../api/routeKit';
import { fridgeFeatureCollection } from '../../domain/openData';
import type { FeatureContext, FeatureFactory, FeatureModule } from '../../featureModule';

/** RFC 7946 §12: the media type of GeoJSON. */
const GEOJSON_TYPE = 'application/geo+json';

/**
 * Open data any community map can take in (docs/open-data.md): `GET /api/fridges.geojson`, the
 * live public status of every fridge with a location. Like every public read, CORS is open (`*`).
 */
export function createOpenDataModule(context: FeatureContext): FeatureModule {
  const routes: FastifyPluginAsyncTypebox = async (app) => {
    app.get(
      '/api/fridges.geojson',
      publicRoute({
        summary:
          'Every fridge with a location as a GeoJSON FeatureCollection (RFC 7946), live status in properties',
        produces: [GEOJSON_TYPE],
        response: { 200: FridgeFeatureCollectionSchema },
      }),
      async (_request, reply) => {
        const base = context.site.publicUrl();
        const collection = fridgeFeatureCollection(
          context.catalog.statuses(),
          (id) => `${base}/fridges/${encodeURIComponent(id)}`,
          context.clock.nowMs(),
        );
        return reply.type(GEOJSON_TYPE).send(collection);
      },
    );
  };
  return { name: 'openData', start() {}, stop() {}, routes };
}

export const openDataFeature: FeatureFactory = createOpenDataModule;
