import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { MapSettings } from '../../../contract/mapSettings';
import { FridgeMarkerLayer, type GroupWords, type MapPoint } from './marker-layer';

export { type GroupWords, LEVEL_ICONS, type MapPoint } from './marker-layer';
// The organiser's place picker rides in this chunk: Leaflet is downloaded once for both.
export { drawPlacePicker, type PickedPoint, type PlacePicker } from './place-picker';

export interface FridgeMap {
  update(points: readonly MapPoint[], words: GroupWords): void;
  destroy(): void;
}

/**
 * Leaflet over the configured tiles. When no tile loads (the tile server is blocked, or there is
 * no network) `onTilesFailed` runs once, so the page can say so and lean on its list.
 */
export function drawFridgeMap(
  container: HTMLElement,
  settings: MapSettings,
  points: readonly MapPoint[],
  words: GroupWords,
  onTilesFailed: () => void,
): FridgeMap {
  const map = L.map(container, { scrollWheelZoom: false });
  const tiles = L.tileLayer(settings.tileUrl, { attribution: settings.attribution, maxZoom: 19 });
  let loaded = 0;
  let failed = false;
  tiles.on('tileload', () => {
    loaded += 1;
  });
  tiles.on('load', () => {
    if (loaded === 0 && !failed) {
      failed = true;
      onTilesFailed();
    }
  });
  tiles.on('tileerror', () => {
    if (loaded === 0 && !failed) {
      failed = true;
      onTilesFailed();
    }
  });
  tiles.addTo(map);
  let layer: FridgeMarkerLayer | null = null;

  const update = (next: readonly MapPoint[], nextWords: GroupWords): void => {
    if (layer?.samePlaces(next)) {
      layer.relabel(next, nextWords);
      return;
    }
    layer?.remove();
    layer = new FridgeMarkerLayer(next, nextWords);
    // The view first, then the markers: each is placed once.
    if (next.length === 0) map.setView([20, 0], 2);
    else map.fitBounds(layer.bounds().pad(0.2), { maxZoom: 16 });
    layer.addTo(map);
  };
  update(points, words);
  return { update, destroy: () => map.remove() };
}
