import { useEffect } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import { ForecastLine, SensorAttention, StockEstimate } from '../components/Estimates';
import { FridgeFacts } from '../components/FridgeFacts';
import { OnlineStatus, SimulatedBadge, Updated } from '../components/Readings';
import { StockLevel } from '../components/StockLevel';
import { fridgeUpdatedAt, kindWords } from '../format';
import { msg } from '../locale';
import { fridgeHref } from '../routes';

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

/** Large type for a site host's tablet or TV: the stock, temperature and door of one fridge. */
export function ScreenPage({ fridge }: { fridge: FridgeStatus }) {
  useScreenWakeLock();
  return (
    <main id="main" class="page page-screen" data-testid={`fridge-screen-${fridge.id}`}>
      <header class="screen-head">
        <h1 tabIndex={-1}>{fridge.name}</h1>
        <p class="badges">
          <span class="badge">{kindWords(fridge.kind)}</span>
          <OnlineStatus online={fridge.online} />
          {fridge.simulated && <SimulatedBadge />}
        </p>
      </header>
      <StockLevel stock={fridge.stock} levels={fridge.levels} meterLabel={msg().stockOf(fridge.name)} />
      <div class="screen-estimate">
        <StockEstimate stock={fridge.stock} />
        <ForecastLine forecast={fridge.forecast} />
        <SensorAttention stock={fridge.stock} />
      </div>
      <FridgeFacts fridge={fridge} className="facts screen-facts" />
      <p class="screen-foot">
        <Updated at={fridgeUpdatedAt(fridge)} />
        <span class="screen-url">
          {window.location.host}
          {fridgeHref(fridge.id)}
        </span>
      </p>
    </main>
  );
}
