import { isSlug } from '../../contract/ids';
import { msg } from './locale';

/** The pages of the dashboard. Paths are served by the server's SPA fallback. */
export type Route =
  | { name: 'list' }
  | { name: 'detail'; fridgeId: string }
  | { name: 'screen'; fridgeId: string }
  /** Several fridges of one site on one status screen: `/screen?fridges=a,b`. */
  | { name: 'siteScreen'; fridgeIds: string[] }
  | { name: 'requests' }
  | { name: 'network' }
  | { name: 'organise'; screen: OrganiserScreen }
  | { name: 'notFound' };

/** The organisers' screens, under `/organise`. */
export type OrganiserScreen =
  | { name: 'fridges' }
  | { name: 'addFridge' }
  | { name: 'fridge'; fridgeId: string }
  | { name: 'restock' }
  | { name: 'volunteers' }
  | { name: 'addVolunteer' }
  | { name: 'volunteer'; volunteerId: string }
  | { name: 'notices' }
  | { name: 'notice'; noticeId: string }
  | { name: 'alerts' }
  | { name: 'reports' };

export const listHref = (): string => '/';
export const fridgeHref = (fridgeId: string): string => `/fridges/${encodeURIComponent(fridgeId)}`;
export const screenHref = (fridgeId: string): string => `/screen/${encodeURIComponent(fridgeId)}`;
export const requestsHref = (): string => '/requests';
export const networkHref = (): string => '/network';
export const siteScreenHref = (fridgeIds: readonly string[]): string =>
  `/screen?fridges=${fridgeIds.map(encodeURIComponent).join(',')}`;

/** A site screen shows at most this many fridges: more would not be readable from 3 m. */
export const SITE_SCREEN_MAX_FRIDGES = 6;

/** The fridge ids of `?fridges=a,b`: slugs only, each once, at most SITE_SCREEN_MAX_FRIDGES. */
function siteScreenIds(search: string): string[] {
  const raw = new URLSearchParams(search).get('fridges') ?? '';
  const ids = raw
    .split(',')
    .map((id) => id.trim())
    .filter((id) => isSlug(id));
  return [...new Set(ids)].slice(0, SITE_SCREEN_MAX_FRIDGES);
}

/** Where each organiser screen lives. "Add" pages are not under the lists, since `new` is a valid id. */
export function organiseHref(screen: OrganiserScreen = { name: 'fridges' }): string {
  switch (screen.name) {
    case 'fridges':
      return '/organise';
    case 'addFridge':
      return '/organise/add-fridge';
    case 'fridge':
      return `/organise/fridges/${encodeURIComponent(screen.fridgeId)}`;
    case 'restock':
      return '/organise/restock';
    case 'volunteers':
      return '/organise/volunteers';
    case 'addVolunteer':
      return '/organise/add-volunteer';
    case 'volunteer':
      return `/organise/volunteers/${encodeURIComponent(screen.volunteerId)}`;
    case 'notices':
      return '/organise/notices';
    case 'notice':
      return `/organise/notices/${encodeURIComponent(screen.noticeId)}`;
    case 'alerts':
      return '/organise/alerts';
    case 'reports':
      return '/organise/reports';
  }
}

/** Volunteer ids are slugs of at most 40 characters (they fit in a claim link). */
const VOLUNTEER_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const NOTICE_ID = /^n-[0-9a-f]{16}$/;

function parseOrganiserScreen(segments: readonly (string | null)[]): OrganiserScreen | null {
  const [section = 'fridges', rawId, ...rest] = segments;
  if (rest.length > 0 || section === null) return null;
  if (rawId === undefined) {
    switch (section) {
      case 'fridges':
      case 'restock':
      case 'volunteers':
      case 'notices':
      case 'alerts':
      case 'reports':
        return { name: section };
      case 'add-fridge':
        return { name: 'addFridge' };
      case 'add-volunteer':
        return { name: 'addVolunteer' };
      default:
        return null;
    }
  }
  if (rawId === null) return null;
  if (section === 'fridges' && isSlug(rawId)) return { name: 'fridge', fridgeId: rawId };
  if (section === 'volunteers' && VOLUNTEER_ID.test(rawId)) return { name: 'volunteer', volunteerId: rawId };
  if (section === 'notices' && NOTICE_ID.test(rawId)) return { name: 'notice', noticeId: rawId };
  return null;
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Reads a location: `/` (all fridges), `/fridges/{id}` (one fridge), the status screen at
 * either `/screen/{id}` or `/fridges/{id}?screen=1`, `/requests` (active restock requests) and the
 * organisers' screens under `/organise`. A trailing slash is allowed.
 */
export function parseRoute(pathname: string, search = ''): Route {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return { name: 'list' };
  if (segments[0] === 'organise') {
    const screen = parseOrganiserScreen(segments.slice(1).map(decodeSegment));
    return screen === null ? { name: 'notFound' } : { name: 'organise', screen };
  }
  if (segments.length === 1 && segments[0] === 'requests') return { name: 'requests' };
  if (segments.length === 1 && segments[0] === 'network') return { name: 'network' };
  if (segments.length === 1 && segments[0] === 'screen') {
    const fridgeIds = siteScreenIds(search);
    return fridgeIds.length === 0 ? { name: 'notFound' } : { name: 'siteScreen', fridgeIds };
  }
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
  if (route.name === 'organise') return route.screen.name === 'fridge' ? route.screen.fridgeId : null;
  return route.name === 'detail' || route.name === 'screen' ? route.fridgeId : null;
}

function organiserTitle(screen: OrganiserScreen, fridgeName: string | null): string {
  switch (screen.name) {
    case 'fridges':
      return 'Fridges';
    case 'addFridge':
      return 'Add a fridge';
    case 'fridge':
      return `Manage ${fridgeName ?? screen.fridgeId}`;
    case 'restock':
      return 'Restock requests';
    case 'volunteers':
      return 'Volunteers';
    case 'addVolunteer':
      return 'Add a volunteer';
    case 'volunteer':
      return `Volunteer ${screen.volunteerId}`;
    case 'notices':
      return 'Delivery log';
    case 'notice':
      return `Notice ${screen.noticeId}`;
    case 'alerts':
      return 'Alerts';
    case 'reports':
      return 'Problem reports';
  }
}

/** The document title: the page's subject first, so tabs and screen readers tell pages apart. */
export function pageTitle(route: Route, fridgeName: string | null): string {
  const words = msg();
  const site = words.site.name;
  switch (route.name) {
    case 'list':
      return site;
    case 'detail':
      return `${fridgeName ?? route.fridgeId} · ${site}`;
    case 'screen':
      return `${words.titles.screen(fridgeName ?? route.fridgeId)} · ${site}`;
    case 'siteScreen':
      return `${words.titles.siteScreen} · ${site}`;
    case 'requests':
      return `${words.requests.heading} · ${site}`;
    case 'network':
      return `${words.network.heading} · ${site}`;
    case 'notFound':
      return `${words.missing.pageNotFound} · ${site}`;
    case 'organise':
      return `${organiserTitle(route.screen, fridgeName)} · Organisers · ${site}`;
  }
}
