import { useEffect } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import { ForecastLine, SensorAttention, StockEstimate } from '../components/Estimates';
import { FridgeFacts } from '../components/FridgeFacts';
import { NeedsLine, ReportLines } from '../components/NeedsAndReports';
import { QrCode } from '../components/QrCode';
import { OnlineStatus, SimulatedBadge, Updated } from '../components/Readings';
import { StockLevel } from '../components/StockLevel';
import type { ConnectionStatus } from '../dashboard-state';
import { formatCelsius, fridgeUpdatedAt, kindWords, levelWords, shortTime } from '../format';
import { msg } from '../locale';
import { fridgeHref } from '../routes';
import { type ScreenFreshness, screenFreshness } from '../screen-state';

/** Keeps a tablet's screen on while the status screen is showing, where the browser allows it. */
function useScreenWakeLock(): void {
  useEffect(() => {
    if (!('wakeLock' in navigator)) return;
    let sentinel: WakeLockSentinel | null = null;
    let active = true;
    const request = (): void => {
      if (document.visibilityState !== 'visible') return;
      navigator.wakeLock.request('screen').then(
        (lock) => {
          if (active) sentinel = lock;
          else void lock.release();
        },
        // Refused (no user gesture yet, battery saver): the screen simply follows its own settings.
        () => undefined,
      );
    };
    request();
    // The browser releases the lock whenever the page is hidden.
    document.addEventListener('visibilitychange', request);
    return () => {
      active = false;
      document.removeEventListener('visibilitychange', request);
      void sentinel?.release();
    };
  }, []);
}

const fridgePageUrl = (fridgeId: string): string => `${window.location.origin}${fridgeHref(fridgeId)}`;

/**
 * In place of the figures when they are not current: "Reconnecting…" (the feed is lost) or "No
 * data since 14:02" (the sensors are silent), then the last known figures, labelled as such.
 */
function StaleNotice({ freshness, fridge }: { freshness: ScreenFreshness; fridge: FridgeStatus }) {
  const t = msg().screen;
  if (freshness.state === 'live') return null;
  const headline =
    freshness.state === 'reconnecting'
      ? t.reconnecting
      : freshness.lastAt === null
        ? t.noDataYet
        : t.noDataSince(shortTime(freshness.lastAt));
  const lastKnown = [levelWords(fridge.stock.level), formatCelsius(fridge.temperature.celsius)].join(' · ');
  return (
    <div class="screen-stale" data-testid="screen-stale" data-stale={freshness.state}>
      <p class="screen-stale-headline" role="status">
        {headline}
      </p>
      {freshness.state === 'reconnecting' ? (
        <p class="screen-stale-detail">{t.reconnectingText}</p>
      ) : (
        fridge.stock.level !== null && <p class="screen-stale-detail">{t.lastKnown(lastKnown)}</p>
      )}
    </div>
  );
}

/** Large type for a site host's tablet or TV: the stock, temperature and door of one fridge. */
export function ScreenPage({ fridge, connection }: { fridge: FridgeStatus; connection: ConnectionStatus }) {
  useScreenWakeLock();
  const freshness = screenFreshness(fridge, connection);
  const url = fridgePageUrl(fridge.id);
  return (
    <main
      id="main"
      class="page page-screen screen-single"
      data-testid={`fridge-screen-${fridge.id}`}
      data-freshness={freshness.state}
    >
      <header class="screen-head">
        <h1 tabIndex={-1}>{fridge.name}</h1>
        <p class="badges">
          <span class="badge">{kindWords(fridge.kind)}</span>
          <OnlineStatus online={fridge.online} />
          {fridge.simulated && <SimulatedBadge />}
        </p>
      </header>
      <section class="screen-now">
        {freshness.state === 'live' ? (
          <>
            <StockLevel stock={fridge.stock} levels={fridge.levels} meterLabel={msg().stockOf(fridge.name)} />
            <div class="screen-estimate">
              <StockEstimate stock={fridge.stock} />
              <ForecastLine forecast={fridge.forecast} />
              <SensorAttention stock={fridge.stock} />
            </div>
            <FridgeFacts fridge={fridge} className="facts screen-facts" />
          </>
        ) : (
          <StaleNotice freshness={freshness} fridge={fridge} />
        )}
      </section>
      <aside class="screen-side">
        <NeedsLine needs={fridge.needs} />
        <ReportLines reports={fridge.reports} />
        <figure class="screen-qr">
          <QrCode url={url} />
          <figcaption>
            {msg().screen.scanToOpen}
            <span class="screen-url">{url.replace(/^https?:\/\//, '')}</span>
          </figcaption>
        </figure>
      </aside>
      <p class="screen-foot">
        <Updated at={fridgeUpdatedAt(fridge)} />
      </p>
    </main>
  );
}

/** One fridge of a site screen: the level, temperature and door in large type, and its QR code. */
function SitePanel({ fridge, connection }: { fridge: FridgeStatus; connection: ConnectionStatus }) {
  const freshness = screenFreshness(fridge, connection);
  const headingId = `screen-${fridge.id}-name`;
  return (
    <section
      class="screen-panel"
      aria-labelledby={headingId}
      data-testid={`screen-panel-${fridge.id}`}
      data-freshness={freshness.state}
    >
      <h2 id={headingId}>{fridge.name}</h2>
      {freshness.state === 'live' ? (
        <>
          <StockLevel stock={fridge.stock} levels={fridge.levels} meterLabel={msg().stockOf(fridge.name)} />
          <FridgeFacts fridge={fridge} className="facts screen-facts" />
        </>
      ) : (
        <StaleNotice freshness={freshness} fridge={fridge} />
      )}
      <NeedsLine needs={fridge.needs} />
      <ReportLines reports={fridge.reports} />
      <QrCode url={fridgePageUrl(fridge.id)} testId={`qr-code-${fridge.id}`} />
    </section>
  );
}

/** `/screen?fridges=a,b`: the fridges of one site side by side, each readable from across the room. */
export function SiteScreenPage({
  fridgeIds,
  fridges,
  connection,
  loaded,
}: {
  fridgeIds: readonly string[];
  fridges: Readonly<Record<string, FridgeStatus>>;
  connection: ConnectionStatus;
  loaded: boolean;
}) {
  useScreenWakeLock();
  const t = msg();
  return (
    <main
      id="main"
      class="page page-screen screen-site"
      data-testid="site-screen"
      data-count={fridgeIds.length}
    >
      <h1 class="visually-hidden" tabIndex={-1}>
        {t.site.name}
      </h1>
      {fridgeIds.map((id) => {
        const fridge = fridges[id];
        if (fridge !== undefined) return <SitePanel key={id} fridge={fridge} connection={connection} />;
        return (
          <section key={id} class="screen-panel" data-testid={`screen-panel-${id}`}>
            <h2>{loaded ? t.screen.missing(id) : t.missing.loading}</h2>
          </section>
        );
      })}
    </main>
  );
}
