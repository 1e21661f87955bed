import { describe, expect, it } from 'vitest';
import { fridgeHref, pageTitle, parseRoute, routeFridgeId, screenHref } from '../../dashboard/src/routes';

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
