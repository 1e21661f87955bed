import Type, { type Static } from 'typebox';

/**
 * `GET /api/map-settings` (public): where the map's tiles come from. OpenStreetMap's own tile
 * server by default; a site that wants no third party sets its own (`MAP_TILE_URL`), and only
 * that origin is added to the CSP's `img-src`.
 */
export const MapSettingsSchema = Type.Object({
  tileUrl: Type.String({
    description: 'Leaflet URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  }),
  attribution: Type.String({ description: 'credit shown on the map, as the tile licence requires' }),
});
export type MapSettings = Static<typeof MapSettingsSchema>;

export const OSM_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
/** OSM's tile usage policy asks for this credit (https://operations.osmfoundation.org/policies/tiles/). */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

/** The origin a tile template loads from, as a CSP source (`{s}` subdomains become `*`). */
export function tileOrigin(tileUrl: string): string {
  return tileUrl.split('/').slice(0, 3).join('/').replace('{s}', '*');
}
