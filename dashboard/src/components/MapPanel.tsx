import { useEffect, useRef, useState } from 'preact/hooks';
import type { FoundFridge } from '../find-food';
import { levelWords } from '../format';
import { msg } from '../locale';
import type { FridgeMap, MapPoint } from '../map/fridge-map';
import { loadMap } from '../map/load-map';
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

type MapState = 'hidden' | 'loading' | 'shown' | 'failed';

/**
 * The map, behind a button: Leaflet, its CSS and the tiles load only once it is opened (a lazy
 * chunk), never for the list alone. The list of cards below it holds the same places, so the map
 * is never the only way to anything (keyboard, screen readers, tiles that do not load).
 */
export function MapPanel({ found }: { found: readonly FoundFridge[] }) {
  const t = msg().map;
  const [state, setState] = useState<MapState>('hidden');
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<FridgeMap | null>(null);
  const points = pointsOf(found);
  const pointsKey = JSON.stringify(points);

  useEffect(() => {
    if (state !== 'loading') return;
    let active = true;
    loadMap().then(
      ([module, settings]) => {
        if (!active || container.current === null) return;
        map.current = module.drawFridgeMap(container.current, settings, points, () => setState('failed'));
        setState((now) => (now === 'loading' ? 'shown' : now));
      },
      (error: unknown) => {
        console.warn('Could not load the map', error);
        if (active) setState('failed');
      },
    );
    return () => {
      active = false;
    };
    // Points at the moment of opening; later changes go through update() below.
  }, [state]);

  useEffect(() => {
    map.current?.update(JSON.parse(pointsKey) as MapPoint[]);
  }, [pointsKey]);

  useEffect(
    () => () => {
      map.current?.destroy();
      map.current = null;
    },
    [],
  );

  const open = state !== 'hidden';
  const unplaced = found.length - points.length;
  return (
    <section class="map-panel" aria-label={t.label}>
      <button
        type="button"
        class="button"
        aria-expanded={open}
        aria-controls="fridge-map"
        data-testid="map-toggle"
        onClick={() => {
          if (open) {
            map.current?.destroy();
            map.current = null;
            setState('hidden');
          } else setState('loading');
        }}
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
