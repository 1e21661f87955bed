import { useState } from 'preact/hooks';
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

/** Every fridge and pantry as a card, live. */
export function ListPage({ state, api }: { state: DashboardState; api: Pick<DashboardApi, 'activity'> }) {
  const activity = useNetworkActivity(api, state.connection, state.fridges);
  const fridges = sortedFridges(state.fridges);
  const [filters, setFilters] = useState(NO_FILTERS);
  const nowMs = useNowContext();
  const found = findFridges(fridges, filters, nowMs);
  const restock = activeRequestsByFridge(state.restock.requests);
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
          <ul class="cards" data-testid="fridge-list">
            {found.map(({ fridge, distanceKm }) => (
              <li key={fridge.id}>
                <FridgeCard fridge={fridge} restock={restock[fridge.id]} distanceKm={distanceKm} />
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
