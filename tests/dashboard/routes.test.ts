import { describe, expect, it } from 'vitest';
import {
  fridgeHref,
  networkHref,
  type OrganiserScreen,
  organiseHref,
  pageTitle,
  parseRoute,
  requestsHref,
  routeFridgeId,
  screenHref,
  siteScreenHref,
} from '../../dashboard/src/routes';

describe('parseRoute', () => {
  it('shows the list at /', () => {
    expect(parseRoute('/')).toEqual({ name: 'list' });
    expect(parseRoute('')).toEqual({ name: 'list' });
  });

  it('shows one fridge at /fridges/{id}, with or without a trailing slash', () => {
    expect(parseRoute('/fridges/main-st')).toEqual({ name: 'detail', fridgeId: 'main-st' });
    expect(parseRoute('/fridges/main-st/')).toEqual({ name: 'detail', fridgeId: 'main-st' });
  });

  it('shows the status screen at /screen/{id} and at /fridges/{id}?screen=1', () => {
    expect(parseRoute('/screen/main-st')).toEqual({ name: 'screen', fridgeId: 'main-st' });
    expect(parseRoute('/fridges/main-st', '?screen=1')).toEqual({ name: 'screen', fridgeId: 'main-st' });
    expect(parseRoute('/fridges/main-st', '?screen=0')).toEqual({ name: 'detail', fridgeId: 'main-st' });
  });

  it('answers not found for unknown paths and ids that are not slugs', () => {
    expect(parseRoute('/nope')).toEqual({ name: 'notFound' });
    expect(parseRoute('/fridges')).toEqual({ name: 'notFound' });
    expect(parseRoute('/fridges/Main%20St')).toEqual({ name: 'notFound' });
    expect(parseRoute('/fridges/%E0%A4%A')).toEqual({ name: 'notFound' });
    expect(parseRoute('/fridges/a/b')).toEqual({ name: 'notFound' });
  });

  it('round-trips the links it makes', () => {
    expect(parseRoute(fridgeHref('main-st'))).toEqual({ name: 'detail', fridgeId: 'main-st' });
    expect(parseRoute(screenHref('main-st'))).toEqual({ name: 'screen', fridgeId: 'main-st' });
  });
});

describe('routeFridgeId and pageTitle', () => {
  it('names the page after its fridge', () => {
    const route = parseRoute('/fridges/main-st');
    expect(routeFridgeId(route)).toBe('main-st');
    expect(pageTitle(route, 'Main St fridge')).toBe('Main St fridge · Community fridges');
    expect(pageTitle(route, null)).toBe('main-st · Community fridges');
    expect(pageTitle({ name: 'list' }, null)).toBe('Community fridges');
    expect(routeFridgeId({ name: 'list' })).toBeNull();
  });
});

describe('the restock and organiser routes', () => {
  it('shows the network figures at /network', () => {
    expect(parseRoute(networkHref())).toEqual({ name: 'network' });
    expect(parseRoute('/network/')).toEqual({ name: 'network' });
    expect(parseRoute('/network/x')).toEqual({ name: 'notFound' });
    expect(pageTitle({ name: 'network' }, null)).toBe('Network figures · Community fridges');
  });

  it('shows active restock requests at /requests', () => {
    expect(parseRoute(requestsHref())).toEqual({ name: 'requests' });
    expect(parseRoute('/requests/')).toEqual({ name: 'requests' });
    expect(pageTitle({ name: 'requests' }, null)).toBe('Restock requests · Community fridges');
  });

  it('round-trips every organiser screen through its link', () => {
    const screens: OrganiserScreen[] = [
      { name: 'fridges' },
      { name: 'addFridge' },
      { name: 'fridge', fridgeId: 'elm-st' },
      { name: 'restock' },
      { name: 'volunteers' },
      { name: 'addVolunteer' },
      { name: 'volunteer', volunteerId: 'ana' },
      { name: 'notices' },
      { name: 'notice', noticeId: 'n-0123456789abcdef' },
      { name: 'alerts' },
      { name: 'reports' },
    ];
    for (const screen of screens) {
      expect(parseRoute(organiseHref(screen))).toEqual({ name: 'organise', screen });
    }
    expect(organiseHref()).toBe('/organise');
    expect(parseRoute('/organise/fridges')).toEqual({ name: 'organise', screen: { name: 'fridges' } });
  });

  it('lets a fridge or volunteer be called "new": adding has its own path', () => {
    expect(parseRoute('/organise/fridges/new')).toEqual({
      name: 'organise',
      screen: { name: 'fridge', fridgeId: 'new' },
    });
    expect(parseRoute('/organise/volunteers/new')).toEqual({
      name: 'organise',
      screen: { name: 'volunteer', volunteerId: 'new' },
    });
  });

  it('answers not found for organiser paths it does not know', () => {
    expect(parseRoute('/organise/nope')).toEqual({ name: 'notFound' });
    expect(parseRoute('/organise/fridges/Elm%20St')).toEqual({ name: 'notFound' });
    expect(parseRoute('/organise/fridges/elm-st/devices')).toEqual({ name: 'notFound' });
    expect(parseRoute('/organise/volunteers/a-volunteer-id-well-over-forty-characters-long')).toEqual({
      name: 'notFound',
    });
    expect(parseRoute('/organise/notices/n-1')).toEqual({ name: 'notFound' });
    expect(parseRoute('/organise/restock/x')).toEqual({ name: 'notFound' });
  });

  it('names organiser pages, and the fridge page after its fridge', () => {
    const route = parseRoute('/organise/fridges/elm-st');
    expect(routeFridgeId(route)).toBe('elm-st');
    expect(pageTitle(route, 'Elm St fridge')).toBe('Manage Elm St fridge · Organisers · Community fridges');
    expect(pageTitle(parseRoute('/organise'), null)).toBe('Fridges · Organisers · Community fridges');
    expect(routeFridgeId(parseRoute('/organise/restock'))).toBeNull();
  });
});

describe('the site screen', () => {
  it('shows several fridges at /screen?fridges=a,b: slugs only, each once, at most six', () => {
    expect(parseRoute('/screen', '?fridges=elm-st,oak-st')).toEqual({
      name: 'siteScreen',
      fridgeIds: ['elm-st', 'oak-st'],
    });
    expect(parseRoute('/screen', '?fridges=elm-st,Bad%20Id,elm-st')).toEqual({
      name: 'siteScreen',
      fridgeIds: ['elm-st'],
    });
    expect(parseRoute('/screen', '?fridges=a,b,c,d,e,f,g')).toMatchObject({
      fridgeIds: ['a', 'b', 'c', 'd', 'e', 'f'],
    });
    expect(parseRoute('/screen')).toEqual({ name: 'notFound' });
    expect(parseRoute('/screen', '?fridges=')).toEqual({ name: 'notFound' });
  });

  it('round-trips the link it makes', () => {
    expect(parseRoute('/screen', siteScreenHref(['elm-st', 'oak-st']).slice('/screen'.length))).toEqual({
      name: 'siteScreen',
      fridgeIds: ['elm-st', 'oak-st'],
    });
  });
});
