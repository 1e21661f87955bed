import type { ComponentChild } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { DashboardApi } from './api';
import { type Clock, systemClock } from './clock';
import { SiteFooter } from './components/SiteFooter';
import { SiteHeader } from './components/SiteHeader';
import type { DashboardState } from './dashboard-state';
import { fridgeUpdatedAt, newestTime } from './format';
import { NowContext, useAnnouncement, useFridgeLookup, useLiveDashboard, useNow } from './hooks';
import type { EventSourceLike } from './live-feed';
import { msg } from './locale';
import { NavigateContext, useLocation } from './navigation';
import { DetailPage } from './pages/DetailPage';
import { FridgeMissing } from './pages/FridgeMissing';
import { ListPage } from './pages/ListPage';
import { NetworkPage } from './pages/NetworkPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrganiserLoader } from './pages/OrganiserLoader';
import { RequestsPage } from './pages/RequestsPage';
import { ScreenPage, SiteScreenPage } from './pages/ScreenPage';
import { PreferencesContext, usePreferencesState } from './preferences';
import { activeRequestsByFridge } from './restock-format';
import { pageTitle, parseRoute, routeFridgeId } from './routes';

export interface AppProps {
  api: DashboardApi;
  /** Opens `GET /api/events`; must be the same function on every render. */
  openEvents: () => EventSourceLike;
  /** The time source for "updated 2 min ago"; the system clock unless a test passes its own. */
  clock?: Clock;
}

/**
 * With no network the service worker serves its last list: its age is that of its newest figure
 * (what a neighbour must judge), or when it was saved if no figure was ever measured.
 */
function savedFiguresAt(state: DashboardState): string | null {
  if (state.savedAt === null) return null;
  return newestTime(Object.values(state.fridges).map(fridgeUpdatedAt)) ?? state.savedAt;
}

export function App({ api, openEvents, clock = systemClock }: AppProps) {
  const { location, navigate } = useLocation();
  const preferences = usePreferencesState();
  const route = parseRoute(location.pathname, location.search);
  const fridgeId = routeFridgeId(route);
  const live = useLiveDashboard(api, openEvents);
  const { state } = live;
  useFridgeLookup(fridgeId, live, api);
  const nowMs = useNow(clock);
  const announcement = useAnnouncement(state, fridgeId);
  const fridge = fridgeId === null ? undefined : state.fridges[fridgeId];
  const restockByFridge = useMemo(
    () => activeRequestsByFridge(state.restock.requests),
    [state.restock.requests],
  );

  const title = pageTitle(route, fridge?.name ?? null);
  useEffect(() => {
    document.title = title;
  }, [title]);

  // After an in-app navigation, start the reader at the new page's heading, as a page load would;
  // a change of the query string alone (the history range, a filter) stays on the same page, so
  // the reader stays where they are.
  const shownPath = useRef(location.pathname);
  useEffect(() => {
    const samePage = shownPath.current === location.pathname;
    shownPath.current = location.pathname;
    if (location.navigations === 0 || samePage) return;
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [location]);

  let page: ComponentChild;
  switch (route.name) {
    case 'list':
      page = <ListPage state={state} api={api} />;
      break;
    case 'detail':
      page = fridge ? (
        <DetailPage fridge={fridge} restock={restockByFridge[fridge.id]} api={api} search={location.search} />
      ) : (
        <FridgeMissing fridgeId={route.fridgeId} state={state} />
      );
      break;
    case 'screen':
      page = fridge ? (
        <ScreenPage fridge={fridge} connection={state.connection} />
      ) : (
        <FridgeMissing fridgeId={route.fridgeId} state={state} />
      );
      break;
    case 'siteScreen':
      page = (
        <SiteScreenPage
          fridgeIds={route.fridgeIds}
          fridges={state.fridges}
          connection={state.connection}
          loaded={state.loaded}
        />
      );
      break;
    case 'requests':
      page = <RequestsPage state={state} />;
      break;
    case 'network':
      page = <NetworkPage api={api} />;
      break;
    case 'organise':
      page = (
        <OrganiserLoader
          screen={route.screen}
          search={location.search}
          live={live}
          api={api}
          restockByFridge={restockByFridge}
        />
      );
      break;
    case 'notFound':
      page = <NotFoundPage />;
      break;
  }

  const screen = route.name === 'screen' || route.name === 'siteScreen';
  return (
    <PreferencesContext.Provider value={preferences}>
      <NowContext.Provider value={nowMs}>
        <NavigateContext.Provider value={navigate}>
          <div class={screen ? 'app app-screen' : 'app'}>
            <a class="skip-link" href="#main">
              {msg().site.skipToContent}
            </a>
            <SiteHeader
              health={state.health}
              connection={state.connection}
              compact={screen}
              savedAt={savedFiguresAt(state)}
            />
            {page}
            {!screen && <SiteFooter />}
            <div class="visually-hidden" aria-live="polite" data-testid="announcer">
              {announcement !== null && <span key={announcement.key}>{announcement.text}</span>}
            </div>
          </div>
        </NavigateContext.Provider>
      </NowContext.Provider>
    </PreferencesContext.Provider>
  );
}
