import { msg } from '../locale';
import { networkHref, organiseHref, requestsHref } from '../routes';
import { PreferencesForm } from './PreferencesForm';

/** Links every visitor may want, and a discreet one for organisers. */
export function SiteFooter() {
  const t = msg().site;
  return (
    <footer class="site-footer">
      <PreferencesForm />
      <nav aria-label={t.footerNav} class="site-footer-links">
        <a href={requestsHref()} data-testid="requests-link">
          {t.requestsLink}
        </a>
        <a href={networkHref()} data-testid="network-link">
          Network figures
        </a>
        <a href="/api/fridges">{t.dataLink}</a>
        <a class="organise-link" href={organiseHref()} data-testid="organise-link">
          {t.organisersLink}
        </a>
      </nav>
    </footer>
  );
}
