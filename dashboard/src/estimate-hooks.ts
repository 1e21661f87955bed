import { useEffect, useMemo, useState } from 'preact/hooks';
import type { FridgeStatus } from '../../contract/api';
import type { DoorSession, NetworkActivity, StockPoint } from '../../contract/estimates';
import type { DashboardApi } from './api';
import type { ConnectionStatus } from './dashboard-state';
import { errorText } from './error-text';
import { throttle } from './throttle';

/** Fridge events can arrive every few seconds; the totals barely move that fast. */
export const ACTIVITY_REFRESH_MS = 30_000;

/**
 * The network's visits and kg from `GET /api/activity`: fetched whenever the live stream (re)opens
 * (changes made while disconnected are not replayed) and, at most every ACTIVITY_REFRESH_MS, when
 * fridges change.
 */
export function useNetworkActivity(
  api: Pick<DashboardApi, 'activity'>,
  connection: ConnectionStatus,
  fridges: Readonly<Record<string, FridgeStatus>>,
): NetworkActivity | null {
  const [activity, setActivity] = useState<NetworkActivity | null>(null);
  const refresher = useMemo(() => {
    let active = true;
    const load = (): void => {
      api.activity().then(
        (next) => {
          if (active) setActivity(next);
        },
        (error: unknown) => console.warn('Could not load /api/activity', error),
      );
    };
    const throttled = throttle(load, ACTIVITY_REFRESH_MS);
    return {
      now: () => throttled.now(),
      soon: () => throttled.call(),
      stop: () => {
        active = false;
        throttled.cancel();
      },
    };
  }, [api]);
  useEffect(() => () => refresher.stop(), [refresher]);
  useEffect(() => {
    if (connection === 'live') refresher.now();
  }, [connection, refresher]);
  // A new fridges object means a fridge event arrived.
  useEffect(() => refresher.soon(), [fridges, refresher]);
  return activity;
}

export interface FridgeEstimates {
  history: StockPoint[] | null;
  sessions: DoorSession[] | null;
  error: string | null;
}

/**
 * A fridge's last 24 hours of estimates and door sessions, fetched when the page opens and again
 * (at most every ACTIVITY_REFRESH_MS) when `changeKey` says the stock moved.
 */
export function useFridgeEstimates(
  api: Pick<DashboardApi, 'stockHistory' | 'sessions'>,
  fridgeId: string,
  changeKey: string,
): FridgeEstimates {
  const [estimates, setEstimates] = useState<FridgeEstimates>({ history: null, sessions: null, error: null });
  const loader = useMemo(() => {
    let active = true;
    const load = (): void => {
      Promise.all([api.stockHistory(fridgeId), api.sessions(fridgeId)]).then(
        ([history, sessions]) => {
          if (active) setEstimates({ history, sessions, error: null });
        },
        (error: unknown) => {
          if (active)
            setEstimates((last) => ({
              ...last,
              error: errorText(error),
            }));
        },
      );
    };
    const throttled = throttle(load, ACTIVITY_REFRESH_MS);
    return {
      load: () => throttled.call(),
      stop: () => {
        active = false;
        throttled.cancel();
      },
    };
  }, [api, fridgeId]);
  useEffect(() => () => loader.stop(), [loader]);
  // changeKey is the reason to fetch again.
  useEffect(() => loader.load(), [loader, changeKey]);
  return estimates;
}
