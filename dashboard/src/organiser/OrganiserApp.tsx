import type { ComponentChild } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RestockRequestView } from '../../../contract/restock';
import type { DashboardApi } from '../api';
import type { LiveDashboard } from '../hooks';
import { type OrganiserScreen, organiseHref } from '../routes';
import { AddFridgeScreen } from './AddFridgeScreen';
import { AlertsScreen } from './AlertsScreen';
import { FridgesScreen } from './FridgesScreen';
import { ManageFridgeScreen } from './ManageFridgeScreen';
import { NoticeScreen, NoticesScreen } from './NoticesScreen';
import { createOrganiserApi } from './organiser-api';
import type { OrganiserContext } from './organiser-context';
import { ReportsScreen } from './ReportsScreen';
import { RestockScreen } from './RestockScreen';
import { type SignedOut, SignIn } from './SignIn';
import { browserStorage, forgetToken, readToken, saveToken } from './session';
import { VolunteerFormScreen } from './VolunteerFormScreen';
import { VolunteersScreen } from './VolunteersScreen';

export interface OrganiserAppProps {
  screen: OrganiserScreen;
  /** The page's query string, for filters (`?fridge=` on the delivery log). */
  search: string;
  live: LiveDashboard;
  api: DashboardApi;
  restockByFridge: Readonly<Record<string, RestockRequestView>>;
}

const SCREENS: readonly { screen: OrganiserScreen; label: string; matches: OrganiserScreen['name'][] }[] = [
  { screen: { name: 'fridges' }, label: 'Fridges', matches: ['fridges', 'addFridge', 'fridge'] },
  { screen: { name: 'restock' }, label: 'Restock', matches: ['restock'] },
  { screen: { name: 'alerts' }, label: 'Alerts', matches: ['alerts'] },
  { screen: { name: 'reports' }, label: 'Reports', matches: ['reports'] },
  {
    screen: { name: 'volunteers' },
    label: 'Volunteers',
    matches: ['volunteers', 'addVolunteer', 'volunteer'],
  },
  { screen: { name: 'notices' }, label: 'Delivery log', matches: ['notices', 'notice'] },
];

/**
 * Keeps the organiser token: read once from localStorage, sent with every organiser call, forgotten
 * on "sign out" and whenever the server answers 401 (the token changed or was mistyped). A stored
 * token is checked once on arrival, so a stale one is caught before the first save.
 */
function useOrganiserSession() {
  const storage = useMemo(browserStorage, []);
  const [token, setToken] = useState<string | null>(() => readToken(storage));
  const [signedOutBecause, setSignedOutBecause] = useState<SignedOut | null>(null);
  const tokenRef = useRef(token);
  tokenRef.current = token;

  const signOut = useCallback(
    (reason: SignedOut | null) => {
      forgetToken(storage);
      tokenRef.current = null;
      setToken(null);
      setSignedOutBecause(reason);
    },
    [storage],
  );
  const signIn = useCallback(
    (next: string): boolean => {
      const kept = saveToken(storage, next);
      tokenRef.current = next;
      setToken(next);
      setSignedOutBecause(null);
      return kept;
    },
    [storage],
  );
  const api = useMemo(
    () =>
      createOrganiserApi({
        token: () => tokenRef.current,
        onUnauthorized: (message) =>
          signOut({
            text: `The server did not accept the organiser token (${message}). Please enter it again.`,
            refused: true,
          }),
      }),
    [signOut],
  );
  useEffect(() => {
    // A 401 signs out through onUnauthorized; other failures (offline) show on the screens.
    if (tokenRef.current !== null) api.checkToken().catch(() => undefined);
  }, [api]);
  return { token, api, signIn, signOut, signedOutBecause };
}

export function OrganiserApp({ screen, search, live, api, restockByFridge }: OrganiserAppProps) {
  const session = useOrganiserSession();
  const here = organiseHref(screen);
  /** `at` is the screen the message was first shown on (null until it is); leaving it clears it. */
  const [flashMessage, setFlashMessage] = useState<{ text: string; at: string | null } | null>(null);
  const flash = useCallback((text: string) => setFlashMessage({ text, at: null }), []);
  useEffect(() => {
    setFlashMessage((current) => {
      if (current === null) return null;
      if (current.at === null) return { ...current, at: here };
      return current.at === here ? current : null;
    });
  }, [here, flashMessage?.at]);
  const { dispatch } = live;
  const reloadFridge = useCallback(
    (fridgeId: string) => {
      api.getFridge(fridgeId).then(
        (fridge) =>
          dispatch(
            fridge === null ? { type: 'fridgeRemoved', id: fridgeId } : { type: 'fridgeUpdated', fridge },
          ),
        (error: unknown) => console.warn(`Could not reload fridge ${fridgeId}`, error),
      );
    },
    [api, dispatch],
  );
  const showFlash = flashMessage !== null && (flashMessage.at === null || flashMessage.at === here);

  // Signing in or out replaces the whole screen: start the reader at its heading, as a new page would.
  const signedIn = session.token !== null;
  const wasSignedIn = useRef(signedIn);
  useEffect(() => {
    if (wasSignedIn.current === signedIn) return;
    wasSignedIn.current = signedIn;
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [signedIn]);

  if (session.token === null) {
    return (
      <SignIn
        reason={session.signedOutBecause}
        onSignIn={(token) => {
          if (!session.signIn(token)) {
            flash('This browser does not let the page keep the token: it will ask for it again next time.');
          }
        }}
      />
    );
  }

  const context: OrganiserContext = { api: session.api, live, restockByFridge, flash, reloadFridge };
  let body: ComponentChild;
  switch (screen.name) {
    case 'fridges':
      body = <FridgesScreen context={context} />;
      break;
    case 'addFridge':
      body = <AddFridgeScreen context={context} />;
      break;
    case 'fridge':
      body = <ManageFridgeScreen context={context} fridgeId={screen.fridgeId} />;
      break;
    case 'restock':
      body = <RestockScreen context={context} />;
      break;
    case 'volunteers':
      body = <VolunteersScreen context={context} />;
      break;
    case 'addVolunteer':
      body = <VolunteerFormScreen context={context} volunteerId={null} />;
      break;
    case 'volunteer':
      body = <VolunteerFormScreen context={context} volunteerId={screen.volunteerId} />;
      break;
    case 'notices':
      body = <NoticesScreen context={context} fridgeFilter={new URLSearchParams(search).get('fridge')} />;
      break;
    case 'notice':
      body = <NoticeScreen context={context} noticeId={screen.noticeId} />;
      break;
    case 'alerts':
      body = <AlertsScreen context={context} />;
      break;
    case 'reports':
      body = <ReportsScreen context={context} />;
      break;
  }

  return (
    <main id="main" class="page page-organise" data-testid="organise-page">
      <nav class="organise-nav" aria-label="Organiser screens">
        <ul>
          {SCREENS.map((item) => {
            const current = item.matches.includes(screen.name);
            return (
              <li key={item.label}>
                <a
                  href={organiseHref(item.screen)}
                  aria-current={current ? 'page' : undefined}
                  data-testid={`organise-nav-${item.screen.name}`}
                >
                  {item.label}
                </a>
              </li>
            );
          })}
        </ul>
        <button
          type="button"
          class="button button-small"
          onClick={() =>
            session.signOut({
              text: 'Signed out: the token is no longer kept in this browser.',
              refused: false,
            })
          }
          data-testid="sign-out"
        >
          Sign out
        </button>
      </nav>
      {showFlash && (
        <p class="banner banner-ok" role="status" data-testid="flash">
          {flashMessage.text}
        </p>
      )}
      {body}
    </main>
  );
}
