import type { DashboardState } from '../dashboard-state';
import { listHref } from '../routes';

/** What a one-fridge page shows until its fridge is known, or when the server has no such fridge. */
export function FridgeMissing({ fridgeId, state }: { fridgeId: string; state: DashboardState }) {
  const notFound = state.notFound.has(fridgeId);
  return (
    <main id="main" class="page" data-testid={notFound ? 'fridge-not-found' : 'fridge-loading'}>
      <p class="back">
        <a href={listHref()}>← All fridges</a>
      </p>
      <h1 tabIndex={-1}>{notFound ? 'Fridge not found' : 'Loading…'}</h1>
      {notFound && <p>There is no fridge or pantry called “{fridgeId}” (any more).</p>}
      {!notFound && state.loadError !== null && (
        <p class="banner banner-error" role="alert">
          Could not load the fridges ({state.loadError}). Trying again…
        </p>
      )}
    </main>
  );
}
