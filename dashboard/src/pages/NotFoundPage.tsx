import { msg } from '../locale';
import { listHref } from '../routes';

export function NotFoundPage() {
  return (
    <main id="main" class="page" data-testid="page-not-found">
      <h1 tabIndex={-1}>{msg().missing.pageNotFound}</h1>
      <p>
        <a href={listHref()}>{msg().missing.seeAll}</a>
      </p>
    </main>
  );
}
