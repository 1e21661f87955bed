import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { StockLevel } from '../../../contract/api';
import type { MapSettings } from '../../../contract/mapSettings';

// The organiser's place picker rides in this chunk: Leaflet is downloaded once for both.
export { drawPlacePicker, type PickedPoint, type PlacePicker } from './place-picker';

/** One marker: where, and what it says (in words, with an icon; the colour only repeats them). */
export interface MapPoint {
  id: string;
  name: string;
  lat: number;
  lon: number;
  level: StockLevel | null;
  levelWords: string;
  href: string;
}

/** A shape per level, so a marker reads without colour: empty ring, quarter, half, full disc. */
export const LEVEL_ICONS: Record<StockLevel | 'unknown', string> = {
  empty: '○',
  few: '◔',
  many: '◑',
  full: '●',
  unknown: '?',
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function markerFor(point: MapPoint): L.Marker {
  const level = point.level ?? 'unknown';
  const icon = L.divIcon({
    className: `map-marker map-marker-${level}`,
    html: `<span aria-hidden="true">${LEVEL_ICONS[level]}</span> ${escapeHtml(point.levelWords)}`,
    // No fixed size: the label sizes the marker (Leaflet sets none for a null size).
    iconSize: null as unknown as L.PointExpression,
  });
  // Keyboard: Leaflet makes each marker a focusable button named by `title`; Enter opens its popup.
  return L.marker([point.lat, point.lon], {
    icon,
    title: `${point.name}: ${point.levelWords}`,
    alt: `${point.name}: ${point.levelWords}`,
    keyboard: true,
  }).bindPopup(
    `<a href="${escapeHtml(point.href)}">${escapeHtml(point.name)}</a><br>${escapeHtml(point.levelWords)}`,
  );
}

export interface FridgeMap {
  update(points: readonly MapPoint[]): void;
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
  const layer = L.layerGroup().addTo(map);

  const update = (next: readonly MapPoint[]): void => {
    layer.clearLayers();
    for (const point of next) layer.addLayer(markerFor(point));
    if (next.length === 0) map.setView([20, 0], 2);
    else
      map.fitBounds(L.latLngBounds(next.map((p) => [p.lat, p.lon] as [number, number])).pad(0.2), {
        maxZoom: 16,
      });
  };
  update(points);
  return { update, destroy: () => map.remove() };
}
