import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type MapSettings, MapSettingsSchema } from '../../../contract/mapSettings';
import { publicRoute } from '../routeKit';

/** `GET /api/map-settings`: the tile server the public map loads from (fetched only when the map opens). */
export const mapSettingsRoutes: FastifyPluginAsyncTypebox<{ settings: MapSettings }> = async (
  app,
  { settings },
) => {
  app.get(
    '/api/map-settings',
    publicRoute({
      summary: "The public map's tile template and credit",
      response: { 200: MapSettingsSchema },
    }),
    async () => settings,
  );
};
