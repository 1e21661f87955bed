import { useEffect, useRef } from 'preact/hooks';
import type { Location } from '../../../contract/publicSite';
import { useLazyMap } from '../map/use-lazy-map';
import { type PlaceFields, typedLocation } from './place-form';

/**
 * The map beside the typed coordinates: a click or a dragged marker fills the fields, and valid
 * typed fields move the marker. Leaflet loads (the public map's lazy chunk, the configured tiles)
 * only when the organiser opens it; the typed fields stay the way when tiles do not load.
 */
export function PlaceMapPicker({
  fridgeName,
  fields,
  nearby,
  onPick,
}: {
  fridgeName: string;
  fields: Pick<PlaceFields, 'lat' | 'lon'>;
  nearby: readonly Location[];
  onPick: (point: Location) => void;
}) {
  const typed = typedLocation(fields);
  const typedKey = JSON.stringify(typed);
  const pick = useRef(onPick);
  pick.current = onPick;
  const {
    state,
    open,
    toggle,
    container,
    handle: picker,
  } = useLazyMap((module, settings, element: HTMLElement, onTilesFailed) =>
    module.drawPlacePicker(element, settings, {
      initial: 'location' in typed ? typed.location : null,
      nearby,
      markerTitle: `Where ${fridgeName} stands: drag, or move with the arrow keys`,
      onPick: (point) => pick.current(point),
      onTilesFailed,
    }),
  );

  useEffect(() => {
    const now = JSON.parse(typedKey) as ReturnType<typeof typedLocation>;
    if ('location' in now) picker.current?.show(now.location);
  }, [typedKey, state]);

  const problems = 'errors' in typed ? Object.values(typed.errors) : [];
  return (
    <div class="place-picker">
      <button
        type="button"
        class="button"
        aria-expanded={open}
        aria-controls="place-map"
        data-testid="place-map-toggle"
        onClick={toggle}
      >
        {open ? 'Hide the map' : 'Pick the point on a map'}
      </button>
      {state === 'loading' && <p class="placeholder">Loading the map…</p>}
      {state === 'failed' && (
        <p class="banner banner-degraded" role="status" data-testid="place-map-failed">
          The map did not load. Type the coordinates instead (from any map app: long-press the spot).
        </p>
      )}
      {state === 'shown' && (
        <>
          <p class="hint" id="place-map-hint">
            Click the map or drag the marker. By keyboard: move the focused marker with the arrow keys (Shift
            for bigger steps), or pan the focused map with the arrow keys and use the button below the map.
          </p>
          {problems.length > 0 && (
            <p class="field-error" role="status" data-testid="place-map-problem">
              The map keeps the last valid point. {problems.join(' ')}
            </p>
          )}
        </>
      )}
      <section
        id="place-map"
        ref={container}
        class="fridge-map place-map"
        aria-label={`Map to pick where ${fridgeName} stands`}
        aria-describedby={state === 'shown' ? 'place-map-hint' : undefined}
        hidden={!open || state === 'failed'}
        data-testid="place-map"
      />
      {state === 'shown' && (
        <button
          type="button"
          class="button"
          data-testid="place-map-centre"
          onClick={() => picker.current?.pickCentre()}
        >
          Put the point at the map's centre
        </button>
      )}
    </div>
  );
}
