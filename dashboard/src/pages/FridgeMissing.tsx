import type { DashboardState } from '../dashboard-state';
import { msg } from '../locale';
import { listHref } from '../routes';

/** What a one-fridge page shows until its fridge is known, or when the server has no such fridge. */
export function FridgeMissing({ fridgeId, state }: { fridgeId: string; state: DashboardState }) {
  const notFound = state.notFound.has(fridgeId);
  const t = msg();
  return (
    <main id="main" class="page" data-testid={notFound ? 'fridge-not-found' : 'fridge-loading'}>
      <p class="back">
        <a href={listHref()}>{t.detail.back}</a>
      </p>
      <h1 tabIndex={-1}>{notFound ? t.missing.notFound : t.missing.loading}</h1>
      {notFound && <p>{t.missing.notFoundText(fridgeId)}</p>}
      {!notFound && state.loadError !== null && (
        <p class="banner banner-error" role="alert">
          {t.list.loadError(state.loadError)}
        </p>
      )}
    </main>
  );
}
