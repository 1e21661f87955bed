import type { FridgeStatus } from '../../../contract/api';
import type { RestockRequestView } from '../../../contract/restock';
import { Ago } from '../components/Readings';
import { RestockStatus } from '../components/RestockStatus';
import type { DashboardState } from '../dashboard-state';
import { kindWords, levelWords } from '../format';
import { msg } from '../locale';
import { reasonWords, requestStatusWords, requestsForVolunteers, restockSummary } from '../restock-format';
import { fridgeHref } from '../routes';

/**
 * Where food is needed now: every open and claimed restock request, unclaimed ones first (longest
 * waiting first), for volunteers deciding where to go. No names: claims are anonymous in public.
 */
export function RequestsPage({ state }: { state: DashboardState }) {
  const { restock } = state;
  const requests = requestsForVolunteers(restock.requests);
  const words = msg().requests;
  return (
    <main id="main" class="page page-requests" data-testid="requests-page">
      <h1 tabIndex={-1}>{words.heading}</h1>
      {restock.loaded && (
        <p class="summary" data-testid="requests-summary">
          {restockSummary(requests)}
        </p>
      )}
      {restock.error !== null && (
        <p class="banner banner-error" role="alert" data-testid="requests-error">
          {words.loadError(restock.error)}
        </p>
      )}
      {!restock.loaded && restock.error === null && <p class="placeholder">{words.loading}</p>}
      {requests.length > 0 && (
        <ul class="cards" data-testid="request-list">
          {requests.map((request) => (
            <li key={request.id}>
              <RequestCard request={request} fridge={state.fridges[request.fridgeId]} />
            </li>
          ))}
        </ul>
      )}
      <p class="muted">{words.explainer}</p>
    </main>
  );
}

function RequestCard({ request, fridge }: { request: RestockRequestView; fridge: FridgeStatus | undefined }) {
  const name = fridge?.name ?? request.fridgeName ?? request.fridgeId;
  const headingId = `request-${request.id}-name`;
  const words = msg().requests;
  return (
    <article
      class="card request-card"
      aria-labelledby={headingId}
      data-testid={`request-${request.fridgeId}`}
      data-status={request.status}
    >
      <header class="card-head">
        <h2 class="card-title" id={headingId}>
          <a class="card-link" href={fridgeHref(request.fridgeId)}>
            {name}
          </a>
        </h2>
        {fridge !== undefined && (
          <p class="card-kind">
            {kindWords(fridge.kind)}
            {fridge.address !== null && <> · {fridge.address}</>}
          </p>
        )}
      </header>
      <p class="request-state">
        <strong>{requestStatusWords(request.status)}</strong>
      </p>
      <RestockStatus request={request} />
      <dl class="facts">
        <div>
          <dt>{words.stockNow}</dt>
          <dd data-testid="request-level">{levelWords(fridge?.stock.level ?? null)}</dd>
        </div>
        <div>
          <dt>{words.asked}</dt>
          <dd>
            <Ago at={request.openedAt} />
          </dd>
        </div>
        <div>
          <dt>{words.why}</dt>
          <dd>{reasonWords(request.reason)}</dd>
        </div>
      </dl>
    </article>
  );
}
