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

/**
 * A level's icon and words, built once and cloned into each marker: Leaflet's `divIcon` parses its
 * `html` string into every marker it draws, which was most of the map's script with 1,000 markers
 * (docs/benchmarks.md, section 5). The same markup: `<span aria-hidden="true">●</span> Full`.
 */
class LevelIcon extends L.DivIcon {
  constructor(
    private readonly content: DocumentFragment,
    options: L.DivIconOptions,
  ) {
    super(options);
  }

  override createIcon(oldIcon?: HTMLElement): HTMLElement {
    const div = super.createIcon(oldIcon);
    div.append(this.content.cloneNode(true));
    return div;
  }
}

function levelIcon(level: StockLevel | 'unknown', words: string): LevelIcon {
  const content = document.createDocumentFragment();
  const icon = document.createElement('span');
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = LEVEL_ICONS[level];
  content.append(icon, ` ${words}`);
  return new LevelIcon(content, {
    className: `map-marker map-marker-${level}`,
    html: '',
    // No fixed size: the label sizes the marker (Leaflet sets none for a null size).
    iconSize: null as unknown as L.PointExpression,
  });
}

/** One icon per level and its words, shared by every marker of that level on one drawing. */
function iconsFor(): (point: MapPoint) => LevelIcon {
  const icons = new Map<string, LevelIcon>();
  return (point) => {
    const level = point.level ?? 'unknown';
    const key = `${level}\u0000${point.levelWords}`;
    let icon = icons.get(key);
    if (icon === undefined) {
      icon = levelIcon(level, point.levelWords);
      icons.set(key, icon);
    }
    return icon;
  };
}

const popupHtml = (point: MapPoint): string =>
  `<a href="${escapeHtml(point.href)}">${escapeHtml(point.name)}</a><br>${escapeHtml(point.levelWords)}`;

/** The marker's point, for its popup: kept on the marker, the popup is made when first opened. */
interface FridgeMarker extends L.Marker {
  point?: MapPoint;
}

/** What `FlatMarker` touches of Leaflet's marker beyond its typings (leaflet/src/layer/marker/Marker.js). */
interface MarkerInternals {
  _icon: (HTMLElement & { _leaflet_pos?: L.Point }) | null;
  _zIndex: number;
  options: L.MarkerOptions;
  _resetZIndex(): void;
}

/**
 * A marker placed by a 2D `translate()`, as Leaflet's own `DomUtil.setPosition` does with
 * `translate3d()`: a 3D transform gives each of 1,000 markers a compositing layer of its own,
 * and layering, painting and committing them was most of the map's first frame
 * (docs/benchmarks.md, section 5). The zoom animation still eases `transform`.
 */
const FlatMarker = L.Marker.extend({
  _setPos(this: MarkerInternals, pos: L.Point) {
    const icon = this._icon;
    if (icon !== null) {
      icon._leaflet_pos = pos;
      icon.style.transform = `translate(${pos.x}px, ${pos.y}px)`;
    }
    this._zIndex = pos.y + (this.options.zIndexOffset ?? 0);
    this._resetZIndex();
  },
}) as typeof L.Marker;

function markerFor(point: MapPoint, icon: LevelIcon): FridgeMarker {
  // Keyboard: Leaflet makes each marker a focusable button named by `title`; Enter opens its popup.
  const marker: FridgeMarker = new FlatMarker([point.lat, point.lon], {
    icon,
    title: `${point.name}: ${point.levelWords}`,
    alt: `${point.name}: ${point.levelWords}`,
    keyboard: true,
  });
  marker.point = point;
  return marker;
}

/**
 * Binds a marker's popup the first time it is clicked or Enter is pressed on it (the events reach
 * the marker's group), then opens it as a bound popup would; from then on the bound popup's own
 * handlers toggle it. 1,000 popups bound up front were objects and listeners nobody used.
 */
function openPopupOnFirstUse(event: L.LeafletEvent & { propagatedFrom?: FridgeMarker }): void {
  const marker = event.propagatedFrom;
  if (marker?.point === undefined || marker.getPopup() !== undefined) return;
  const key = (event as L.LeafletKeyboardEvent).originalEvent;
  if (event.type === 'keypress' && key?.keyCode !== 13) return;
  L.DomEvent.stop(event as unknown as Event);
  marker.bindPopup(popupHtml(marker.point)).openPopup();
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
  // A feature group, so the markers' clicks and key presses reach one listener.
  const layer = L.featureGroup().on('click keypress', openPopupOnFirstUse);

  const update = (next: readonly MapPoint[]): void => {
    // Built off the map and added once the view is set, so each marker is placed once.
    layer.remove();
    layer.clearLayers();
    const iconOf = iconsFor();
    for (const point of next) layer.addLayer(markerFor(point, iconOf(point)));
    if (next.length === 0) map.setView([20, 0], 2);
    else
      map.fitBounds(L.latLngBounds(next.map((p) => [p.lat, p.lon] as [number, number])).pad(0.2), {
        maxZoom: 16,
      });
    layer.addTo(map);
  };
  update(points);
  return { update, destroy: () => map.remove() };
}
