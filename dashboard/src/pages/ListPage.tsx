import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DashboardApi } from '../api';
import { FindFood } from '../components/FindFood';
import { FridgeCard } from '../components/FridgeCard';
import { MapPanel } from '../components/MapPanel';
import { type DashboardState, sortedFridges } from '../dashboard-state';
import { impactWords } from '../estimate-format';
import { useNetworkActivity } from '../estimate-hooks';
import { findFridges, NO_FILTERS } from '../find-food';
import { siteSummary } from '../format';
import { useNowContext } from '../hooks';
import { msg } from '../locale';
import { activeRequestsByFridge } from '../restock-format';
import { requestsHref } from '../routes';

/**
 * Cards built at once: the nearest or best-matching first; more on request. 1,000 cards took
 * 4.5 s to paint after the data arrived on the loaded 2-core machine (docs/benchmarks.md).
 */
export const LIST_PAGE = 50;

/** Every fridge and pantry as a card, live, a page at a time; search and filters see them all. */
export function ListPage({ state, api }: { state: DashboardState; api: Pick<DashboardApi, 'activity'> }) {
  const activity = useNetworkActivity(api, state.connection, state.fridges);
  // Derived once per change of what they are made of: the page re-renders for the connection, the
  // health, the restock requests and the network's activity, which change none of them.
  const fridges = useMemo(() => sortedFridges(state.fridges), [state.fridges]);
  const [filters, setFiltersState] = useState(NO_FILTERS);
  const [shown, setShown] = useState(LIST_PAGE);
  // Set when "Show more" was pressed: the first new card takes focus and the count is announced.
  const [focusAt, setFocusAt] = useState<number | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const setFilters = (next: typeof filters) => {
    setFiltersState(next);
    setShown(LIST_PAGE);
    setFocusAt(null);
  };
  const nowMs = useNowContext();
  // The clock matters to the "open now" filter only; without it a tick of the clock finds the same.
  const filterNowMs = filters.openNow ? nowMs : 0;
  const found = useMemo(() => findFridges(fridges, filters, filterNowMs), [fridges, filters, filterNowMs]);
  const visible = useMemo(() => found.slice(0, shown), [found, shown]);
  useEffect(() => {
    if (focusAt === null) return;
    (listRef.current?.children[focusAt] as HTMLElement | undefined)?.focus();
  }, [focusAt]);
  const restock = useMemo(() => activeRequestsByFridge(state.restock.requests), [state.restock.requests]);
  const asking = Object.keys(restock).length;
  const t = msg();
  return (
    <main id="main" class="page page-list" data-testid="list-page">
      <h1 tabIndex={-1}>{t.site.name}</h1>
      {activity !== null && (
        <p class="impact" data-testid="impact">
          {impactWords(activity.network.week)}
        </p>
      )}
      {state.loaded && fridges.length > 0 && (
        <p class="summary" data-testid="summary">
          {siteSummary(fridges)}
        </p>
      )}
      {asking > 0 && (
        <p class="summary">
          <a href={requestsHref()} data-testid="requests-summary-link">
            {t.list.asking(asking)}
          </a>
        </p>
      )}
      {state.loadError !== null && (
        <p class="banner banner-error" role="alert" data-testid="load-error">
          {t.list.loadError(state.loadError)}
        </p>
      )}
      {!state.loaded && state.loadError === null && <p class="placeholder">{t.list.loading}</p>}
      {state.loaded && fridges.length === 0 && (
        <p class="placeholder" data-testid="no-fridges">
          {t.list.none}
        </p>
      )}
      {fridges.length > 0 && (
        <>
          <FindFood filters={filters} onChange={setFilters} fridges={fridges} />
          <MapPanel found={found} />
          <p class="find-count" role="status" data-testid="find-count">
            {t.find.count(found.length, fridges.length)}
          </p>
          {found.length === 0 && <p data-testid="find-none">{t.find.noMatch}</p>}
          <ul class="cards" data-testid="fridge-list" ref={listRef}>
            {visible.map(({ fridge, distanceKm }) => (
              // Focusable from script only: where focus lands after "Show more".
              <li key={fridge.id} tabIndex={-1}>
                <FridgeCard fridge={fridge} restock={restock[fridge.id]} distanceKm={distanceKm} />
              </li>
            ))}
          </ul>
          <p class="visually-hidden" role="status" data-testid="list-showing">
            {focusAt !== null ? t.list.showing(visible.length, found.length) : ''}
          </p>
          {found.length > visible.length && (
            <button
              type="button"
              class="show-more"
              data-testid="show-more"
              onClick={() => {
                setFocusAt(visible.length);
                setShown(visible.length + LIST_PAGE);
              }}
            >
              {t.list.showMore(Math.min(LIST_PAGE, found.length - visible.length), found.length)}
            </button>
          )}
        </>
      )}
    </main>
  );
}
