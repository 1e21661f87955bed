import L from 'leaflet';
import type { StockLevel } from '../../../contract/api';

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

/** The Enter key's `keyCode` in a `keypress` event: Leaflet's own markers open their popup on it. */
const ENTER = 13;

/**
 * A level's marker, built once per level and words and cloned for each fridge:
 * `<div class="map-marker map-marker-full" role="button" tabindex="0"><span aria-hidden="true">●</span> Full</div>`.
 */
function markerTemplate(level: StockLevel | 'unknown', words: string): HTMLElement {
  const element = document.createElement('div');
  element.className = `map-marker map-marker-${level}`;
  element.setAttribute('role', 'button');
  element.tabIndex = 0;
  const icon = document.createElement('span');
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = LEVEL_ICONS[level];
  element.append(icon, ` ${words}`);
  return element;
}

function popupContent(point: MapPoint): HTMLElement {
  const content = document.createElement('div');
  const link = document.createElement('a');
  link.href = point.href;
  link.textContent = point.name;
  content.append(link, document.createElement('br'), point.levelWords);
  return content;
}

/**
 * Every fridge's marker as a plain element in one container, added to the marker pane in one DOM
 * write: no Leaflet marker, icon or listeners per fridge. With 1,000 fridges, Leaflet adding its
 * markers one by one (`_initIcon`, eight listeners, a position and a z-index each) was half of the
 * map's script (docs/benchmarks.md, section 5). What each marker was stays: its level in words with
 * an icon, a focusable button named by the fridge and its level, its popup on click or Enter.
 *
 * The container is one interactive target of the map, so clicks and key presses arrive through
 * Leaflet's own event handling (a click first closes an open popup, as on a marker). Markers are
 * placed by `left`/`top` set through the CSSOM (the CSP allows no inline style attribute), not by a
 * transform each: they never move on their own (panning moves the pane), and a transform per marker
 * is a paint property node per marker for Chromium to build and layerize (a 3D one, Leaflet's, was
 * a compositing layer each). They come in north-to-south order so southern labels
 * paint over northern ones without a z-index each (Leaflet's markers ordered by y the same way),
 * and the keyboard goes through them from the top of the map down. They are hidden during a zoom
 * animation (`leaflet-zoom-hide`) and placed again when it ends.
 */
export class FridgeMarkerLayer extends L.Layer {
  private readonly points: MapPoint[];
  private readonly latLngs: L.LatLng[];
  private container: HTMLElement | null = null;
  private elements: HTMLElement[] = [];
  private popup: L.Popup | null = null;
  private popupIndex = -1;

  constructor(points: readonly MapPoint[]) {
    super();
    // Above the tiles and below the popups, where Leaflet puts its markers.
    L.Util.setOptions(this, { pane: 'markerPane' });
    this.points = [...points].sort((a, b) => b.lat - a.lat);
    this.latLngs = this.points.map((p) => L.latLng(p.lat, p.lon));
  }

  override onAdd(): this {
    const container = L.DomUtil.create('div', 'map-markers leaflet-zoom-hide');
    const templates = new Map<string, HTMLElement>();
    this.elements = this.points.map((point, index) => {
      const level = point.level ?? 'unknown';
      const key = `${level}\u0000${point.levelWords}`;
      let template = templates.get(key);
      if (template === undefined) {
        template = markerTemplate(level, point.levelWords);
        templates.set(key, template);
      }
      const element = template.cloneNode(true) as HTMLElement;
      const label = `${point.name}: ${point.levelWords}`;
      element.title = label;
      element.setAttribute('aria-label', label);
      element.dataset.index = String(index);
      return element;
    });
    this.container = container;
    // Placed while still off the page, so adding them costs one style and layout pass.
    this.place();
    container.append(...this.elements);
    this.getPane()?.append(container);
    this.addInteractiveTarget(container);
    this.on('click keypress', this.onActivate, this);
    return this;
  }

  override onRemove(map: L.Map): this {
    this.off('click keypress', this.onActivate, this);
    if (this.popup !== null) map.removeLayer(this.popup);
    if (this.container !== null) {
      this.removeInteractiveTarget(this.container);
      this.container.remove();
    }
    this.container = null;
    this.elements = [];
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    // As L.Marker: `zoom` at the end of a zoom (and on each step of an unanimated one), `viewreset`.
    return { zoom: this.place, viewreset: this.place };
  }

  /** The same fridges at the same places (in any order): a live update changed only their words. */
  samePlaces(points: readonly MapPoint[]): boolean {
    if (points.length !== this.points.length) return false;
    const places = new Map(this.points.map((p) => [p.id, p]));
    return points.every((p) => places.get(p.id)?.lat === p.lat && places.get(p.id)?.lon === p.lon);
  }

  /**
   * New levels and words in place: each changed marker (and its popup, if open) is rewritten, the
   * view, the focus and the other markers stay. Rebuilding the layer for a level change redrew all
   * 1,000 markers and fitted the view again, moving the map under a reader who had zoomed in.
   */
  relabel(points: readonly MapPoint[]): void {
    const indexOf = new Map(this.points.map((p, index) => [p.id, index]));
    for (const point of points) {
      const index = indexOf.get(point.id) as number;
      const old = this.points[index] as MapPoint;
      if (old.level === point.level && old.levelWords === point.levelWords && old.name === point.name)
        continue;
      this.points[index] = point;
      const element = this.elements[index];
      if (element !== undefined) {
        const level = point.level ?? 'unknown';
        element.className = `map-marker map-marker-${level}`;
        (element.firstChild as HTMLElement).textContent = LEVEL_ICONS[level];
        (element.lastChild as Text).data = ` ${point.levelWords}`;
        element.title = `${point.name}: ${point.levelWords}`;
        element.setAttribute('aria-label', element.title);
      }
      if (this.popupIndex === index && this.popup?.isOpen()) this.popup.setContent(popupContent(point));
    }
  }

  /** Where each fridge is, for fitting the view. */
  bounds(): L.LatLngBounds {
    return L.latLngBounds(this.latLngs);
  }

  private readonly place = (): void => {
    const map = this._map as L.Map | undefined;
    if (map === undefined) return;
    this.elements.forEach((element, index) => {
      const at = map.latLngToLayerPoint(this.latLngs[index] as L.LatLng).round();
      element.style.left = `${at.x}px`;
      element.style.top = `${at.y}px`;
    });
  };

  /** A click or Enter on a marker opens its popup (made on first use), or closes it if open. */
  private onActivate(event: L.LeafletEvent): void {
    const original = (event as L.LeafletMouseEvent | L.LeafletKeyboardEvent).originalEvent;
    if (event.type === 'keypress' && (original as KeyboardEvent).keyCode !== ENTER) return;
    const target = (original.target as Element | null)?.closest<HTMLElement>('.map-marker');
    const index = Number(target?.dataset.index ?? Number.NaN);
    const point = this.points[index];
    const map = this._map as L.Map | undefined;
    if (point === undefined || map === undefined) return;
    L.DomEvent.stop(original);
    if (this.popup?.isOpen() && this.popupIndex === index) {
      map.closePopup(this.popup);
      return;
    }
    this.popup ??= L.popup();
    this.popupIndex = index;
    this.popup
      .setLatLng(this.latLngs[index] as L.LatLng)
      .setContent(popupContent(point))
      .openOn(map);
  }
}
