import L from 'leaflet';
import type { MapSettings } from '../../../contract/mapSettings';

/** A point in WGS 84 degrees (contract/publicSite.ts `Location`, kept structural to stay TypeBox-free). */
export interface PickedPoint {
  lat: number;
  lon: number;
}

export interface PlacePicker {
  /** Moves the marker to a typed point (and into view), or removes it for null; does not call `onPick`. */
  show(point: PickedPoint | null): void;
  /** Puts the marker at the map's centre and reports it: the keyboard's way to pick after panning. */
  pickCentre(): void;
  destroy(): void;
}

/** Pixels a marker moves per arrow key press (Shift: ten times as far). */
const NUDGE_PX = 8;
/** Street level: close enough to put the pin on the right side of the road. */
const PICK_ZOOM = 17;
/** Six decimals of a degree are about 0.1 m: finer than any phone's GPS. */
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

/**
 * The organiser's map to set where a fridge stands: click the map or drag the marker; by keyboard,
 * the focused marker moves with the arrow keys, or the map pans with its own arrow keys and
 * `pickCentre()` drops the marker in the middle. Every pick is reported through `onPick`, rounded
 * to six decimals; typed coordinates come back through `show()`.
 */
export function drawPlacePicker(
  container: HTMLElement,
  settings: MapSettings,
  options: {
    initial: PickedPoint | null;
    /** Where to look when the fridge has no point yet: the other fridges' points. */
    nearby: readonly PickedPoint[];
    markerTitle: string;
    onPick: (point: PickedPoint) => void;
    /** Runs once when no tile loads: the typed fields are then the only way. */
    onTilesFailed: () => void;
  },
): PlacePicker {
  const map = L.map(container, { scrollWheelZoom: false });
  const tiles = L.tileLayer(settings.tileUrl, { attribution: settings.attribution, maxZoom: 19 });
  let tilesLoaded = false;
  tiles.on('tileload', () => {
    tilesLoaded = true;
  });
  tiles.once('tileerror', () => {
    if (!tilesLoaded) options.onTilesFailed();
  });
  tiles.addTo(map);
  let marker: L.Marker | null = null;

  const report = (latLng: L.LatLng): void => {
    const wrapped = latLng.wrap();
    options.onPick({ lat: round6(wrapped.lat), lon: round6(wrapped.lng) });
  };

  const nudge = (event: KeyboardEvent): void => {
    const step = ARROWS[event.key];
    if (!step || marker === null) return;
    // Keep the map's own arrow-key panning for when the map, not the marker, has focus.
    event.preventDefault();
    event.stopPropagation();
    const distance = event.shiftKey ? NUDGE_PX * 10 : NUDGE_PX;
    // project/unproject, not the container-point pair, which rounds to whole pixels and would shift
    // the other axis by up to half a pixel.
    const at = map.project(marker.getLatLng()).add([step[0] * distance, step[1] * distance]);
    const latLng = map.unproject(at);
    marker.setLatLng(latLng);
    map.panInside(latLng);
    report(latLng);
  };

  const place = (latLng: L.LatLngExpression): L.Marker => {
    if (marker !== null) return marker.setLatLng(latLng);
    marker = L.marker(latLng, {
      draggable: true,
      keyboard: true,
      title: options.markerTitle,
      icon: L.divIcon({
        className: 'place-pin',
        html: '<span class="place-pin-head" aria-hidden="true"></span>',
        iconSize: [28, 28],
        iconAnchor: [14, 28],
      }),
    }).addTo(map);
    marker.on('dragend', () => {
      if (marker !== null) report(marker.getLatLng());
    });
    marker.getElement()?.addEventListener('keydown', nudge);
    return marker;
  };

  map.on('click', (event: L.LeafletMouseEvent) => {
    place(event.latlng);
    report(event.latlng);
  });

  const show = (point: PickedPoint | null): void => {
    if (point === null) {
      marker?.remove();
      marker = null;
      return;
    }
    place([point.lat, point.lon]);
    if (!map.getBounds().contains([point.lat, point.lon])) map.setView([point.lat, point.lon], PICK_ZOOM);
  };

  if (options.initial !== null) {
    map.setView([options.initial.lat, options.initial.lon], PICK_ZOOM);
    place([options.initial.lat, options.initial.lon]);
  } else if (options.nearby.length > 0) {
    map.fitBounds(L.latLngBounds(options.nearby.map((p) => [p.lat, p.lon] as [number, number])).pad(0.2), {
      maxZoom: 15,
    });
  } else map.setView([20, 0], 2);

  return {
    show,
    pickCentre: () => {
      const centre = map.getCenter();
      place(centre);
      report(centre);
    },
    destroy: () => map.remove(),
  };
}
