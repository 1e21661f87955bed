import L from 'leaflet';
import {
  fridgeLabel,
  type GroupWords,
  groupLabel,
  type MapPoint,
  markerElement,
  popupContent,
  writeLabel,
} from './marker-elements';
import { type MapItem, OverlapGroups } from './overlap-groups';

export { type GroupWords, LEVEL_ICONS, type MapPoint } from './marker-elements';

/** The Enter key's `keyCode` in a `keypress` event: Leaflet's own markers open their popup on it. */
const ENTER = 13;

/**
 * The fridges' markers as plain elements in one container in Leaflet's marker pane: no Leaflet
 * marker, icon or listeners per fridge (docs/benchmarks.md, section 5). Fridges whose markers would
 * cover each other at this zoom are one group (`OverlapGroups`), a button named in words by how
 * many fridges it holds and how many have food, with an icon; activating it zooms in to them and
 * moves the focus to the first of what it splits into. A fridge on its own keeps its marker: its
 * level in words with an icon, a button named by the fridge and its level, its popup on click or Enter.
 *
 * Only what lies in and around the view is built (the view padded by its own size each side), again
 * when the zoom changes or the view leaves that area. A rebuild keeps the elements still shown (by
 * key), so the focused one stays focused. The container is one interactive target of the map, so
 * clicks and key presses arrive through Leaflet's own event handling. Elements are placed by
 * `left`/`top` through the CSSOM (the CSP allows no inline style attribute), north to south, so
 * southern labels paint over northern ones without a z-index each; hidden during a zoom animation.
 */
export class FridgeMarkerLayer extends L.Layer {
  private readonly points: MapPoint[];
  private readonly groups: OverlapGroups;
  private words: GroupWords;
  private container: HTMLElement | null = null;
  private shown = new Map<string, { item: MapItem; element: HTMLElement }>();
  private builtZoom = Number.NaN;
  private covered: L.LatLngBounds | null = null;
  private focusNext: Set<string> | null = null;
  private popup: L.Popup | null = null;
  private popupIndex = -1;

  constructor(points: readonly MapPoint[], words: GroupWords) {
    super();
    // Above the tiles and below the popups, where Leaflet puts its markers.
    L.Util.setOptions(this, { pane: 'markerPane' });
    this.points = [...points];
    this.groups = new OverlapGroups(this.points);
    this.words = words;
  }

  override onAdd(): this {
    this.container = L.DomUtil.create('div', 'map-markers leaflet-zoom-hide');
    // Built while still off the page, so adding them costs one style and layout pass.
    this.rebuild();
    this.getPane()?.append(this.container);
    this.addInteractiveTarget(this.container);
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
    this.shown.clear();
    this.builtZoom = Number.NaN;
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    // `zoom` comes at the end of a zoom animation (and on each step of an unanimated one), before
    // `moveend`; `viewreset` when Leaflet moves its pixel origin, which moves every element.
    return { zoom: this.refresh, moveend: this.refresh, viewreset: this.rebuild };
  }

  /** The same fridges at the same places (in any order): a live update changed only their words. */
  samePlaces(points: readonly MapPoint[]): boolean {
    if (points.length !== this.points.length) return false;
    const places = new Map(this.points.map((p) => [p.id, p]));
    return points.every((p) => places.get(p.id)?.lat === p.lat && places.get(p.id)?.lon === p.lon);
  }

  /**
   * New levels and words in place: each changed fridge's marker, the counts of the groups shown and
   * an open popup are rewritten; the view, the focus and the other elements stay. (Rebuilding the
   * layer redrew every marker and fitted the view again, moving the map under a reader who had zoomed in.)
   */
  relabel(points: readonly MapPoint[], words: GroupWords): void {
    const indexOf = new Map(this.points.map((p, index) => [p.id, index]));
    for (const point of points) this.points[indexOf.get(point.id) as number] = point;
    this.words = words;
    this.groups.recount(this.points);
    if (this.container !== null) this.build(this.builtZoom, this.covered as L.LatLngBounds);
    const open = this.points[this.popupIndex];
    if (open !== undefined && this.popup?.isOpen()) this.popup.setContent(popupContent(open));
  }

  /** Where each fridge is, for fitting the view. */
  bounds(): L.LatLngBounds {
    return L.latLngBounds(this.points.map((p) => L.latLng(p.lat, p.lon)));
  }

  private readonly refresh = (): void => {
    const map = this._map as L.Map | undefined;
    if (map === undefined) return;
    if (map.getZoom() !== this.builtZoom || !this.covered?.contains(map.getBounds())) this.rebuild();
  };

  private readonly rebuild = (): void => {
    const map = this._map as L.Map | undefined;
    if (map === undefined || this.container === null) return;
    this.build(map.getZoom(), map.getBounds().pad(1));
  };

  /** The groups and fridges inside `area` at `zoom`: kept elements stay, the rest come and go; all placed. */
  private build(zoom: number, area: L.LatLngBounds): void {
    const map = this._map as L.Map | undefined;
    const container = this.container;
    if (map === undefined || container === null) return;
    const items = this.groups.within(
      [area.getWest(), Math.max(area.getSouth(), -90), area.getEast(), Math.min(area.getNorth(), 90)],
      zoom,
    );
    const keys = new Set(items.map((item) => item.key));
    for (const [key, { element }] of this.shown)
      if (!keys.has(key)) {
        element.remove();
        this.shown.delete(key);
      }
    // The kept elements are already in this order (same places, same sort), so each new one goes
    // before the next kept one and no focused element is ever moved.
    let next: ChildNode | null = container.firstChild;
    for (const item of items) {
      const label = this.labelOf(item);
      const kept = this.shown.get(item.key);
      if (kept !== undefined) {
        if (kept.element.title !== label.name || kept.element.className !== label.className)
          writeLabel(kept.element, label);
        kept.item = item;
        next = kept.element.nextSibling;
      } else {
        const element = markerElement(item.key, label);
        container.insertBefore(element, next);
        this.shown.set(item.key, { item, element });
      }
    }
    for (const { item, element } of this.shown.values()) {
      const at = map.latLngToLayerPoint([item.lat, item.lon]).round();
      element.style.left = `${at.x}px`;
      element.style.top = `${at.y}px`;
    }
    this.builtZoom = zoom;
    this.covered = area;
    this.moveFocus();
  }

  private labelOf(item: MapItem) {
    return item.kind === 'group'
      ? groupLabel(item.fridges, item.withFood, this.words)
      : fridgeLabel(this.points[item.index] as MapPoint);
  }

  /** After a group was opened: the focus goes to the first of what it split into. */
  private moveFocus(): void {
    if (this.focusNext === null || this.container === null) return;
    for (const element of this.container.children)
      if (this.focusNext.has((element as HTMLElement).dataset.key ?? '')) {
        this.focusNext = null;
        (element as HTMLElement).focus({ preventScroll: true });
        return;
      }
  }

  /** A click or Enter: a group zooms in to its fridges; a fridge opens its popup, or closes it if open. */
  private onActivate(event: L.LeafletEvent): void {
    const original = (event as L.LeafletMouseEvent | L.LeafletKeyboardEvent).originalEvent;
    if (event.type === 'keypress' && (original as KeyboardEvent).keyCode !== ENTER) return;
    const target = (original.target as Element | null)?.closest<HTMLElement>('.map-marker');
    const item = this.shown.get(target?.dataset.key ?? '')?.item;
    const map = this._map as L.Map | undefined;
    if (item === undefined || map === undefined) return;
    L.DomEvent.stop(original);
    if (item.kind === 'group') {
      const { zoom, keys } = this.groups.expand(item.id);
      this.focusNext = keys;
      map.setView([item.lat, item.lon], Math.min(zoom, map.getMaxZoom()));
      return;
    }
    const point = this.points[item.index] as MapPoint;
    if (this.popup?.isOpen() && this.popupIndex === item.index) {
      map.closePopup(this.popup);
      return;
    }
    this.popup ??= L.popup();
    this.popupIndex = item.index;
    this.popup.setLatLng([point.lat, point.lon]).setContent(popupContent(point)).openOn(map);
  }
}
