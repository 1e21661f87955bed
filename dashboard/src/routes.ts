import { isSlug } from '../../contract/ids';

/** The pages of the dashboard. Paths are served by the server's SPA fallback. */
export type Route =
  | { name: 'list' }
  | { name: 'detail'; fridgeId: string }
  | { name: 'screen'; fridgeId: string }
  | { name: 'notFound' };

export const listHref = (): string => '/';
export const fridgeHref = (fridgeId: string): string => `/fridges/${encodeURIComponent(fridgeId)}`;
export const screenHref = (fridgeId: string): string => `/screen/${encodeURIComponent(fridgeId)}`;

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Reads a location: `/` (all fridges), `/fridges/{id}` (one fridge), and the status screen at
 * either `/screen/{id}` or `/fridges/{id}?screen=1`. A trailing slash is allowed.
 */
export function parseRoute(pathname: string, search = ''): Route {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return { name: 'list' };
  if (segments.length !== 2) return { name: 'notFound' };
  const [section = '', rawId = ''] = segments;
  const fridgeId = decodeSegment(rawId);
  if (fridgeId === null || !isSlug(fridgeId)) return { name: 'notFound' };
  if (section === 'screen') return { name: 'screen', fridgeId };
  if (section !== 'fridges') return { name: 'notFound' };
  const screen = new URLSearchParams(search).get('screen');
  return screen === '1' || screen === 'true' ? { name: 'screen', fridgeId } : { name: 'detail', fridgeId };
}

/** The fridge a route is about, if any. */
export function routeFridgeId(route: Route): string | null {
  return route.name === 'detail' || route.name === 'screen' ? route.fridgeId : null;
}

const SITE_TITLE = 'Community fridges';

/** The document title: the page's subject first, so tabs and screen readers tell pages apart. */
export function pageTitle(route: Route, fridgeName: string | null): string {
  switch (route.name) {
    case 'list':
      return SITE_TITLE;
    case 'detail':
      return `${fridgeName ?? route.fridgeId} · ${SITE_TITLE}`;
    case 'screen':
      return `${fridgeName ?? route.fridgeId} status · ${SITE_TITLE}`;
    case 'notFound':
      return `Page not found · ${SITE_TITLE}`;
  }
}
