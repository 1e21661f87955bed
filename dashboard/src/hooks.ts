import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { describeChanges, describeRestockChanges } from './announcements';
import type { DashboardApi } from './api';
import { type Clock, RELATIVE_TIME_REFRESH_MS, systemClock } from './clock';
import { type DashboardState, dashboardReducer, initialDashboardState } from './dashboard-state';
import { type EventSourceLike, LiveFeed } from './live-feed';
import { activeRequestsByFridge } from './restock-format';

/** The current time in ms, shared by every relative time on the page so they tick together. */
export const NowContext = createContext<number>(Date.now());

/** Re-reads the clock every `intervalMs`, and at once when the page becomes visible again. */
export function useNow(clock: Clock = systemClock, intervalMs = RELATIVE_TIME_REFRESH_MS): number {
  const [nowMs, setNowMs] = useState(() => clock.now());
  useEffect(() => {
    const tick = (): void => setNowMs(clock.now());
    const stopTicking = clock.every(intervalMs, tick);
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') tick();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopTicking();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [clock, intervalMs]);
  return nowMs;
}

export function useNowContext(): number {
  return useContext(NowContext);
}

export interface LiveDashboard {
  state: DashboardState;
  dispatch: (action: Parameters<typeof dashboardReducer>[1]) => void;
}

/** The fridges, kept live by a LiveFeed for as long as the component is mounted. */
export function useLiveDashboard(api: DashboardApi, openEvents: () => EventSourceLike): LiveDashboard {
  const [state, dispatch] = useReducer(dashboardReducer, initialDashboardState);
  useEffect(() => {
    const feed = new LiveFeed({
      api,
      openEvents,
      dispatch,
      log: (message, error) => console.warn(message, error ?? ''),
    });
    feed.start();
    return () => feed.stop();
  }, [api, openEvents]);
  return { state, dispatch };
}

/**
 * Makes sure the fridge a page is about is known: taken from the live list when it is there,
 * otherwise asked for with `GET /api/fridges/{id}` (whose 404 marks it not found).
 */
export function useFridgeLookup(
  fridgeId: string | null,
  { state, dispatch }: LiveDashboard,
  api: Pick<DashboardApi, 'getFridge'>,
): void {
  const missing =
    fridgeId !== null && state.loaded && !(fridgeId in state.fridges) && !state.notFound.has(fridgeId);
  useEffect(() => {
    if (!missing || fridgeId === null) return;
    let cancelled = false;
    api.getFridge(fridgeId).then(
      (fridge) => {
        if (cancelled) return;
        dispatch(
          fridge === null ? { type: 'fridgeNotFound', id: fridgeId } : { type: 'fridgeUpdated', fridge },
        );
      },
      (error: unknown) => console.warn(`Could not load fridge ${fridgeId}`, error),
    );
    return () => {
      cancelled = true;
    };
  }, [missing, fridgeId, api, dispatch]);
}

/** The latest announcement for the page's aria-live region; `key` changes even when the words repeat. */
export interface Announcement {
  text: string;
  key: number;
}

/** Turns changes of the fridges shown on this page into one polite announcement at a time. */
export function useAnnouncement(state: DashboardState, onlyId: string | null): Announcement | null {
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const { fridges, loaded, restock } = state;
  const requests = useMemo(() => activeRequestsByFridge(restock.requests), [restock.requests]);
  const previous = useRef({ fridges, loaded, requests, restockLoaded: restock.loaded });
  useEffect(() => {
    const before = previous.current;
    previous.current = { fridges, loaded, requests, restockLoaded: restock.loaded };
    // The first list is not news; changes after it are.
    const nowMs = Date.now();
    const messages = before.loaded ? describeChanges(before.fridges, fridges, onlyId, nowMs) : [];
    if (before.restockLoaded) {
      const nameOf = (id: string): string => fridges[id]?.name ?? before.fridges[id]?.name ?? id;
      messages.push(...describeRestockChanges(before.requests, requests, nameOf, nowMs, onlyId));
    }
    if (messages.length === 0) return;
    setAnnouncement((last) => ({ text: messages.join(' '), key: (last?.key ?? 0) + 1 }));
  }, [fridges, loaded, requests, restock.loaded, onlyId]);
  return announcement;
}
