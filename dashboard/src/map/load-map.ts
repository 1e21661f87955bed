import type { MapSettings } from '../../../contract/mapSettings';

export type MapModule = typeof import('./fridge-map');

/**
 * Leaflet and its CSS (one lazy chunk, shared by the public map and the organiser's place picker)
 * and the tile settings, fetched together when a map is first shown.
 */
export async function loadMap(): Promise<[MapModule, MapSettings]> {
  const [module, response] = await Promise.all([import('./fridge-map'), fetch('/api/map-settings')]);
  if (!response.ok) throw new Error(`map settings: HTTP ${response.status}`);
  return [module, (await response.json()) as MapSettings];
}
