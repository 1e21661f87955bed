import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { FoundFridge } from '../find-food';
import { levelWords } from '../format';
import { msg } from '../locale';
import type { MapPoint } from '../map/fridge-map';
import { useLazyMap } from '../map/use-lazy-map';
import { fridgeHref } from '../routes';

function pointsOf(found: readonly FoundFridge[]): MapPoint[] {
  return found.flatMap(({ fridge }) =>
    fridge.location === null
      ? []
      : [
          {
            id: fridge.id,
            name: fridge.name,
            lat: fridge.location.lat,
            lon: fridge.location.lon,
            level: fridge.stock.level,
            levelWords: levelWords(fridge.stock.level),
            href: fridgeHref(fridge.id),
          },
        ],
  );
}

/**
 * The map, behind a button: Leaflet, its CSS and the tiles load only once it is opened (a lazy
 * chunk), never for the list alone. The list of cards below it holds the same places, so the map
 * is never the only way to anything (keyboard, screen readers, tiles that do not load).
 */
export function MapPanel({ found }: { found: readonly FoundFridge[] }) {
  const t = msg().map;
  // Drawn from the points of the render that opened the map, once its chunk has loaded.
  const drawn = useRef<MapPoint[]>([]);
  const { state, open, toggle, container, handle } = useLazyMap(
    (module, settings, element: HTMLDivElement, onTilesFailed) =>
      module.drawFridgeMap(element, settings, drawn.current, msg().map.group, onTilesFailed),
  );
  // Only while the map is open: the list re-renders often, and 1,000 points (with their words and
  // this key) were a tenth of its first render with the map closed (docs/benchmarks.md, section 5).
  // Memoised too: opening renders twice (loading, then shown), and each made 1,000 points and
  // their key again from the same list. The words follow the language (`msg()` is per language).
  const words = msg();
  const points = useMemo(() => (open ? pointsOf(found) : []), [open, found, words]);
  const pointsKey = useMemo(() => (open ? JSON.stringify(points) : ''), [open, points]);
  drawn.current = points;

  useEffect(() => {
    if (pointsKey !== '') handle.current?.update(JSON.parse(pointsKey) as MapPoint[], words.map.group);
  }, [pointsKey]);

  const unplaced = found.length - points.length;
  return (
    // `data-state` tells a test (or a script) the map is drawn, rather than it guessing how long the
    // lazy chunk takes on a busy machine: its markers are placed before it turns to `shown`.
    <section class="map-panel" aria-label={t.label} data-testid="map-panel" data-state={state}>
      <button
        type="button"
        class="button"
        aria-expanded={open}
        aria-controls="fridge-map"
        data-testid="map-toggle"
        onClick={toggle}
      >
        {open ? t.hide : t.show}
      </button>
      {state === 'loading' && <p class="placeholder">{t.loading}</p>}
      {state === 'failed' && (
        <p class="banner banner-degraded" role="status" data-testid="map-failed">
          {t.failed}
        </p>
      )}
      {open && unplaced > 0 && state !== 'failed' && <p class="muted">{t.unplaced(unplaced)}</p>}
      <div
        id="fridge-map"
        ref={container}
        class="fridge-map"
        hidden={!open || state === 'failed'}
        data-testid="fridge-map"
      />
    </section>
  );
}
