import { useEffect, useRef, useState } from 'preact/hooks';
import type { MapSettings } from '../../../contract/mapSettings';
import { loadMap, type MapModule } from './load-map';

export type LazyMapState = 'hidden' | 'loading' | 'shown' | 'failed';

/**
 * A Leaflet map behind a button, shared by the public map and the organiser's place picker: the
 * lazy chunk and the tile settings load when it is opened, `draw` builds the map into the
 * container then (with the values of the render that opened it; later changes go through the
 * returned handle), tiles that fail turn it to `failed`, and closing or leaving the page destroys it.
 */
export function useLazyMap<Handle extends { destroy(): void }, Element extends HTMLElement>(
  draw: (module: MapModule, settings: MapSettings, container: Element, onTilesFailed: () => void) => Handle,
) {
  const [state, setState] = useState<LazyMapState>('hidden');
  const container = useRef<Element>(null);
  const handle = useRef<Handle | null>(null);

  useEffect(() => {
    if (state !== 'loading') return;
    let active = true;
    loadMap().then(
      ([module, settings]) => {
        if (!active || container.current === null) return;
        handle.current = draw(module, settings, container.current, () => setState('failed'));
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
  }, [state]);

  const destroy = () => {
    handle.current?.destroy();
    handle.current = null;
  };
  useEffect(() => destroy, []);

  const open = state !== 'hidden';
  const toggle = () => {
    if (open) {
      destroy();
      setState('hidden');
    } else setState('loading');
  };
  return { state, open, toggle, container, handle };
}
