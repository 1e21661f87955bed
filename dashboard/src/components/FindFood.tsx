import { useEffect, useMemo, useState } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import type { Location } from '../../../contract/publicSite';
import { type FindFilters, parseCoordinates } from '../find-food';
import { msg } from '../locale';
import { memoized } from '../memo';

type NearChoice = 'anywhere' | 'me' | 'coordinates' | `fridge:${string}`;

/**
 * Search, filters and "near": the browser's location when allowed, else a fridge the reader
 * knows or typed coordinates (no third-party geocoder). Native controls: keyboard and screen
 * reader use come with them.
 */
export function FindFood({
  filters,
  onChange,
  fridges,
}: {
  filters: FindFilters;
  onChange: (filters: FindFilters) => void;
  fridges: readonly FridgeStatus[];
}) {
  const t = msg().find;
  const [near, setNear] = useState<NearChoice>('anywhere');
  const [problem, setProblem] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [typed, setTyped] = useState('');
  const placed = useMemo(() => fridges.filter((f) => f.location !== null), [fridges]);
  const optionsWanted = useWhenIdleOrUsed();
  // The options change with the fridges' names and places (the key), not with every status update.
  const placedKey = useMemo(() => placed.map((f) => `${f.id}\u0000${f.name}`).join('\u0001'), [placed]);
  const options = useMemo(() => placed.map(({ id, name }) => ({ id, name })), [placedKey]);
  const setOrigin = (origin: Location | null): void => onChange({ ...filters, origin });

  const chooseNear = (choice: NearChoice): void => {
    setNear(choice);
    setProblem(null);
    if (choice === 'anywhere') setOrigin(null);
    else if (choice === 'coordinates') setOrigin(parseCoordinates(typed));
    else if (choice === 'me') {
      if (!('geolocation' in navigator)) {
        setProblem(t.locationFailed);
        return;
      }
      setLocating(true);
      navigator.geolocation.getCurrentPosition(
        (position) => {
          setLocating(false);
          setOrigin({ lat: position.coords.latitude, lon: position.coords.longitude });
        },
        () => {
          setLocating(false);
          setProblem(t.locationFailed);
          setOrigin(null);
        },
        { maximumAge: 300_000, timeout: 15_000 },
      );
    } else {
      const fridge = fridges.find((f) => `fridge:${f.id}` === choice);
      setOrigin(fridge?.location ?? null);
    }
  };

  return (
    <form class="find" aria-labelledby="find-heading" onSubmit={(e) => e.preventDefault()}>
      <h2 id="find-heading" class="find-heading">
        {t.heading}
      </h2>
      <div class="find-row">
        <label class="find-field">
          {t.search}
          <input
            type="search"
            value={filters.query}
            data-testid="find-search"
            onInput={(e) => onChange({ ...filters, query: e.currentTarget.value })}
          />
        </label>
        <label class="find-field">
          {t.near}
          <select
            value={near}
            data-testid="find-near"
            onFocus={optionsWanted.now}
            onPointerDown={optionsWanted.now}
            onChange={(e) => chooseNear(e.currentTarget.value as NearChoice)}
          >
            <option value="anywhere">{t.nearNothing}</option>
            <option value="me">{t.nearMe}</option>
            <option value="coordinates">{t.nearCoordinates}</option>
            {optionsWanted.yes && <FridgeOptions fridges={options} />}
          </select>
        </label>
        {near === 'coordinates' && (
          <label class="find-field">
            {t.coordinates}
            <input
              type="text"
              inputMode="decimal"
              value={typed}
              data-testid="find-coordinates"
              aria-describedby="find-coordinates-help"
              aria-invalid={typed !== '' && parseCoordinates(typed) === null}
              onInput={(e) => {
                setTyped(e.currentTarget.value);
                setOrigin(parseCoordinates(e.currentTarget.value));
              }}
            />
            <small id="find-coordinates-help">
              {typed !== '' && parseCoordinates(typed) === null ? t.badCoordinates : t.coordinatesHelp}
            </small>
          </label>
        )}
      </div>
      <fieldset class="find-filters">
        <legend>{t.filters}</legend>
        {(['foodNow', 'openNow', 'coldAndSafe'] as const).map((name) => (
          <label key={name} class="check">
            <input
              type="checkbox"
              checked={filters[name]}
              data-testid={`find-${name}`}
              onChange={(e) => onChange({ ...filters, [name]: e.currentTarget.checked })}
            />{' '}
            {t[name]}
          </label>
        ))}
      </fieldset>
      {locating && <p role="status">{t.locating}</p>}
      {problem !== null && (
        <p class="banner banner-degraded" role="alert" data-testid="find-problem">
          {problem}
        </p>
      )}
    </form>
  );
}

/** One option per placed fridge: a thousand elements, built once and left alone by later renders. */
const FridgeOptions = memoized(function FridgeOptions({
  fridges,
}: {
  fridges: readonly { id: string; name: string }[];
}) {
  return (
    <>
      {fridges.map((f) => (
        <option key={f.id} value={`fridge:${f.id}`}>
          {f.name}
        </option>
      ))}
    </>
  );
});

/**
 * True once the browser is idle after the first paint, or at once when the reader reaches the
 * control (focus, a pointer or a touch: before its list opens). With 1,000 fridges the "near"
 * options were as many elements as the 50 cards, built and laid out before the first card showed
 * (docs/benchmarks.md, section 5); they are all there as soon as anyone can use them.
 */
function useWhenIdleOrUsed(): { yes: boolean; now: () => void } {
  const [yes, setYes] = useState(false);
  useEffect(() => {
    if (yes) return;
    const now = () => setYes(true);
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(now, { timeout: 2_000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(now, 200);
    return () => clearTimeout(id);
  }, [yes]);
  return { yes, now: () => setYes(true) };
}
