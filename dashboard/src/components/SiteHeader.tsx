import type { ConnectionStatus, Health } from '../dashboard-state';
import { relativeTime } from '../format';
import { useNowContext } from '../hooks';
import { msg } from '../locale';
import { listHref } from '../routes';

export function DemoBanner() {
  return (
    <p class="banner banner-demo" data-testid="demo-banner">
      <strong>{msg().site.demoBanner}</strong> {msg().site.demoBannerRest}
    </p>
  );
}

/** The site bar: name, live-connection state, and the demo and degraded notices when they apply. */
/** The network is gone and the service worker served the last list it saved: say how old it is. */
function SavedStatusBanner({ savedAt }: { savedAt: string }) {
  const nowMs = useNowContext();
  return (
    <p class="banner banner-degraded" role="status" data-testid="saved-status">
      <time datetime={savedAt}>{msg().savedStatus.banner(relativeTime(savedAt, nowMs))}</time>
    </p>
  );
}

export function SiteHeader({
  health,
  connection,
  compact,
  savedAt = null,
}: {
  health: Health | null;
  connection: ConnectionStatus;
  savedAt?: string | null;
  /** The status screen keeps only the notices and the connection state. */
  compact: boolean;
}) {
  return (
    <header class="site-header">
      {health?.demo === true && <DemoBanner />}
      {savedAt !== null && <SavedStatusBanner savedAt={savedAt} />}
      {health?.status === 'degraded' && (
        <p class="banner banner-degraded" data-testid="degraded-banner">
          {msg().site.degraded}
        </p>
      )}
      <div class="site-bar">
        {compact ? (
          <span class="site-name">{msg().site.name}</span>
        ) : (
          <a class="site-name" href={listHref()}>
            {msg().site.name}
          </a>
        )}
        <p
          class={`connection connection-${connection}`}
          role="status"
          data-testid="connection"
          data-connection={connection}
        >
          {msg().site.connection[connection]}
        </p>
      </div>
    </header>
  );
}
