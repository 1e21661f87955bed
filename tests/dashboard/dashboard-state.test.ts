import { describe, expect, it } from 'vitest';
import {
  dashboardReducer,
  initialDashboardState,
  sameJson,
  sortedFridges,
} from '../../dashboard/src/dashboard-state';
import { makeFridge, makeRequest } from './fixtures';

const loaded = dashboardReducer(initialDashboardState, {
  type: 'listLoaded',
  fridges: [makeFridge({ id: 'b', name: 'Bakery pantry' }), makeFridge({ id: 'a', name: 'Corner fridge' })],
});

describe('dashboardReducer', () => {
  it('replaces the fridges with a loaded list and clears a load error', () => {
    const failed = dashboardReducer(initialDashboardState, { type: 'listFailed', message: 'HTTP 502' });
    expect(failed.loadError).toBe('HTTP 502');
    const state = dashboardReducer(failed, { type: 'listLoaded', fridges: [makeFridge()] });
    expect(state.loaded).toBe(true);
    expect(state.loadError).toBeNull();
    expect(Object.keys(state.fridges)).toEqual(['main-st']);
  });

  it('keeps the objects of fridges a reloaded list did not change, and the record when none changed', () => {
    const again = [
      makeFridge({ id: 'b', name: 'Bakery pantry' }),
      makeFridge({ id: 'a', name: 'Corner fridge' }),
    ];
    const same = dashboardReducer(loaded, { type: 'listLoaded', fridges: again });
    expect(same.fridges).toBe(loaded.fridges);

    const emptied = makeFridge({
      id: 'a',
      name: 'Corner fridge',
      stock: { ...makeFridge().stock, level: 'empty' },
    });
    const changed = dashboardReducer(loaded, {
      type: 'listLoaded',
      fridges: [makeFridge({ id: 'b', name: 'Bakery pantry' }), emptied],
    });
    expect(changed.fridges).not.toBe(loaded.fridges);
    expect(changed.fridges.b).toBe(loaded.fridges.b);
    expect(changed.fridges.a).toBe(emptied);

    const fewer = dashboardReducer(loaded, { type: 'listLoaded', fridges: [again[0] as (typeof again)[0]] });
    expect(Object.keys(fewer.fridges)).toEqual(['b']);
    expect(fewer.fridges.b).toBe(loaded.fridges.b);
  });

  it('compares values parsed from JSON deeply', () => {
    expect(sameJson({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(sameJson({ a: null }, { a: {} })).toBe(false);
    expect(sameJson({ a: 1 }, { b: 1 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
  });

  it('adds and updates a fridge from a live event', () => {
    const updated = makeFridge({
      id: 'a',
      name: 'Corner fridge',
      stock: { ...makeFridge().stock, level: 'empty' },
    });
    const state = dashboardReducer(loaded, { type: 'fridgeUpdated', fridge: updated });
    expect(state.fridges.a?.stock.level).toBe('empty');
    expect(state.fridges.b).toBe(loaded.fridges.b);
  });

  it('removes a fridge, and ignores removing one it does not know', () => {
    const state = dashboardReducer(loaded, { type: 'fridgeRemoved', id: 'a' });
    expect(Object.keys(state.fridges)).toEqual(['b']);
    expect(dashboardReducer(state, { type: 'fridgeRemoved', id: 'zzz' })).toBe(state);
  });

  it('remembers a 404 until the fridge turns up', () => {
    const missing = dashboardReducer(loaded, { type: 'fridgeNotFound', id: 'new' });
    expect(missing.notFound.has('new')).toBe(true);
    const found = dashboardReducer(missing, { type: 'fridgeUpdated', fridge: makeFridge({ id: 'new' }) });
    expect(found.notFound.has('new')).toBe(false);
  });

  it('tracks the live connection and the health answer', () => {
    const live = dashboardReducer(loaded, { type: 'connection', status: 'live' });
    expect(live.connection).toBe('live');
    expect(dashboardReducer(live, { type: 'connection', status: 'live' })).toBe(live);
    const demo = dashboardReducer(live, { type: 'health', health: { status: 'ok', demo: true } });
    expect(demo.health?.demo).toBe(true);
  });

  it('keeps the active restock requests, and the last good list when a reload fails', () => {
    expect(initialDashboardState.restock.loaded).toBe(false);
    const requests = [makeRequest()];
    const state = dashboardReducer(loaded, { type: 'restockLoaded', requests });
    expect(state.restock).toEqual({ requests, loaded: true, error: null });
    expect(state.fridges).toBe(loaded.fridges);
    const failed = dashboardReducer(state, { type: 'restockFailed', message: 'HTTP 502' });
    expect(failed.restock).toEqual({ requests, loaded: true, error: 'HTTP 502' });
    const again = dashboardReducer(failed, { type: 'restockLoaded', requests: [] });
    expect(again.restock).toEqual({ requests: [], loaded: true, error: null });
  });
});

describe('sortedFridges', () => {
  it('orders by name, ignoring case', () => {
    const names = sortedFridges({
      x: makeFridge({ id: 'x', name: 'elm St' }),
      y: makeFridge({ id: 'y', name: 'Ash Ave' }),
      z: makeFridge({ id: 'z', name: 'Cedar Rd' }),
    }).map((f) => f.name);
    expect(names).toEqual(['Ash Ave', 'Cedar Rd', 'elm St']);
  });
});
