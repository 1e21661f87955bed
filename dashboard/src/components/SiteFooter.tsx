import { networkHref, organiseHref, requestsHref } from '../routes';

/** Links every visitor may want, and a discreet one for organisers. */
export function SiteFooter() {
  return (
    <footer class="site-footer">
      <nav aria-label="More" class="site-footer-links">
        <a href={requestsHref()} data-testid="requests-link">
          Restock requests
        </a>
        <a href={networkHref()} data-testid="network-link">
          Network figures
        </a>
        <a href="/api/fridges">Data (JSON)</a>
        <a class="organise-link" href={organiseHref()} data-testid="organise-link">
          Organisers
        </a>
      </nav>
    </footer>
  );
}
