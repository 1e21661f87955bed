import { listHref } from '../routes';

export function NotFoundPage() {
  return (
    <main id="main" class="page" data-testid="page-not-found">
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        <a href={listHref()}>See all community fridges</a>
      </p>
    </main>
  );
}
