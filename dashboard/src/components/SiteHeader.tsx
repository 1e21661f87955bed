import type { ConnectionStatus, Health } from '../dashboard-state';
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
export function SiteHeader({
  health,
  connection,
  compact,
}: {
  health: Health | null;
  connection: ConnectionStatus;
  /** The status screen keeps only the notices and the connection state. */
  compact: boolean;
}) {
  return (
    <header class="site-header">
      {health?.demo === true && <DemoBanner />}
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
