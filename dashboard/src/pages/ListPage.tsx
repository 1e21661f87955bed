import type { DashboardApi } from '../api';
import { FridgeCard } from '../components/FridgeCard';
import { type DashboardState, sortedFridges } from '../dashboard-state';
import { impactWords } from '../estimate-format';
import { useNetworkActivity } from '../estimate-hooks';
import { siteSummary } from '../format';
import { activeRequestsByFridge } from '../restock-format';
import { requestsHref } from '../routes';

/** Every fridge and pantry as a card, live. */
export function ListPage({ state, api }: { state: DashboardState; api: Pick<DashboardApi, 'activity'> }) {
  const activity = useNetworkActivity(api, state.connection, state.fridges);
  const fridges = sortedFridges(state.fridges);
  const restock = activeRequestsByFridge(state.restock.requests);
  const asking = Object.keys(restock).length;
  return (
    <main id="main" class="page page-list" data-testid="list-page">
      <h1 tabIndex={-1}>Community fridges</h1>
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
            {asking === 1 ? '1 fridge is asking for food' : `${asking} fridges are asking for food`}
          </a>
        </p>
      )}
      {state.loadError !== null && (
        <p class="banner banner-error" role="alert" data-testid="load-error">
          Could not load the fridges ({state.loadError}). Trying again…
        </p>
      )}
      {!state.loaded && state.loadError === null && <p class="placeholder">Loading the fridges…</p>}
      {state.loaded && fridges.length === 0 && (
        <p class="placeholder" data-testid="no-fridges">
          No fridges or pantries are registered yet.
        </p>
      )}
      {fridges.length > 0 && (
        <ul class="cards" data-testid="fridge-list">
          {fridges.map((fridge) => (
            <li key={fridge.id}>
              <FridgeCard fridge={fridge} restock={restock[fridge.id]} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
