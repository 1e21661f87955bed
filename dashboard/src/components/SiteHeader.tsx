import type { ConnectionStatus, Health } from '../dashboard-state';
import { listHref } from '../routes';

const CONNECTION_WORDS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting… figures may be out of date',
};

export function DemoBanner() {
  return (
    <p class="banner banner-demo" data-testid="demo-banner">
      <strong>Demo site:</strong> these fridges and readings are simulated
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
          The server reports a problem; some figures may be late.
        </p>
      )}
      <div class="site-bar">
        {compact ? (
          <span class="site-name">Community fridges</span>
        ) : (
          <a class="site-name" href={listHref()}>
            Community fridges
          </a>
        )}
        <p
          class={`connection connection-${connection}`}
          role="status"
          data-testid="connection"
          data-connection={connection}
        >
          {CONNECTION_WORDS[connection]}
        </p>
      </div>
    </header>
  );
}
