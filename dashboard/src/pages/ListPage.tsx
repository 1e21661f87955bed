import type { DashboardApi } from '../api';
import { FridgeCard } from '../components/FridgeCard';
import { type DashboardState, sortedFridges } from '../dashboard-state';
import { impactWords } from '../estimate-format';
import { useNetworkActivity } from '../estimate-hooks';
import { siteSummary } from '../format';
import { msg } from '../locale';
import { activeRequestsByFridge } from '../restock-format';
import { requestsHref } from '../routes';

/** Every fridge and pantry as a card, live. */
export function ListPage({ state, api }: { state: DashboardState; api: Pick<DashboardApi, 'activity'> }) {
  const activity = useNetworkActivity(api, state.connection, state.fridges);
  const fridges = sortedFridges(state.fridges);
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
