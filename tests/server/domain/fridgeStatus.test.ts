import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LevelThresholds } from '../../../contract/api';
import { emptyFridgeState, type FridgeState } from '../../../server/domain/fridgeState';
import { describeFridge, type FridgeDefinition, NO_NEEDS } from '../../../server/domain/fridgeStatus';

const T0 = Date.UTC(2026, 10, 29, 17, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const siteLevels: LevelThresholds = { emptyBelowPercent: 10, fewBelowPercent: 45, manyBelowPercent: 80 };

const fridge: FridgeDefinition = {
  id: 'elm-st',
  name: 'Elm St fridge',
  kind: 'fridge',
  address: '1 Elm St',
  simulated: false,
  shelves: [
    { id: 'top', tareKg: 2, capacityKg: 20 },
    { id: 'bottom', tareKg: 3, capacityKg: 20 },
  ],
  levels: null,
  deviceIds: ['scale-1', 'door-1'],
  location: null,
  openingHours: null,
  needs: NO_NEEDS,
};

function stateWith(overrides: Partial<FridgeState>): FridgeState {
  return { ...emptyFridgeState(), ...overrides };
}

describe('describeFridge', () => {
  it('shows nulls, not zeros, for a fridge that was never measured', () => {
    const status = describeFridge(fridge, emptyFridgeState(), siteLevels);
    expect(status.stock).toEqual({
      kg: null,
      capacityKg: 40,
      percent: null,
      level: null,
      asOf: null,
      meals: null,
      uncertaintyKg: null,
      doubtful: false,
    });
    expect(status.forecast).toBeNull();
    expect(status.activity.today).toEqual({ visits: 0, takenKg: 0, addedKg: 0 });
    // Nobody judged it (no alert rules given): unknown, never a guess from one reading.
    expect(status.temperature).toEqual({
      celsius: null,
      asOf: null,
      status: 'unknown',
      since: null,
      text: null,
      reason: null,
    });
    expect(status.door).toEqual({ open: null, since: null });
    expect(status.lastSeen).toBeNull();
    expect(status.online).toBe(false);
    expect(status.shelves.map((s) => [s.id, s.kg, s.percent, s.asOf])).toEqual([
      ['top', null, null, null],
      ['bottom', null, null, null],
    ]);
    expect(status.devices.map((d) => [d.id, d.online, d.battery, d.lastSeen])).toEqual([
      ['scale-1', false, null, null],
      ['door-1', false, null, null],
    ]);
  });

  it('adds the net food on every shelf, and dates the total by its stalest shelf', () => {
    const state = stateWith({
      shelves: {
        top: { grossKg: 12, measuredAtMs: T0 + 60_000 },
        bottom: { grossKg: 8, measuredAtMs: T0 },
      },
    });
    const status = describeFridge(fridge, state, siteLevels);
    // Before the estimator has settled: the raw net weight, with no uncertainty claimed.
    expect(status.stock).toEqual({
      kg: 15,
      capacityKg: 40,
      percent: 37.5,
      level: 'few',
      asOf: iso(T0),
      meals: null,
      uncertaintyKg: null,
      doubtful: false,
    });
    expect(status.shelves).toEqual([
      {
        id: 'top',
        tareKg: 2,
        capacityKg: 20,
        kg: 10,
        percent: 50,
        asOf: iso(T0 + 60_000),
        grossKg: 12,
        doubtful: false,
        doubtReason: null,
      },
      {
        id: 'bottom',
        tareKg: 3,
        capacityKg: 20,
        kg: 5,
        percent: 25,
        asOf: iso(T0),
        grossKg: 8,
        doubtful: false,
        doubtReason: null,
      },
    ]);
  });

  it('counts a shelf lighter than its tare as empty, never as negative food', () => {
    const state = stateWith({
      shelves: {
        top: { grossKg: 1.2, measuredAtMs: T0 },
        bottom: { grossKg: 3, measuredAtMs: T0 },
      },
    });
    const status = describeFridge(fridge, state, siteLevels);
    expect(status.stock.kg).toBe(0);
    expect(status.stock.level).toBe('empty');
    expect(status.shelves.map((s) => s.kg)).toEqual([0, 0]);
  });

  it('totals only the measured shelves and leaves the others null', () => {
    const state = stateWith({ shelves: { top: { grossKg: 20, measuredAtMs: T0 } } });
    const status = describeFridge(fridge, state, siteLevels);
    expect(status.stock.kg).toBe(18);
    expect(status.stock.asOf).toBe(iso(T0));
    expect(status.shelves[1]).toMatchObject({ id: 'bottom', kg: null, percent: null, asOf: null });
  });

  it('ignores readings of shelves the fridge no longer has', () => {
    const state = stateWith({
      shelves: {
        top: { grossKg: 12, measuredAtMs: T0 },
        removed: { grossKg: 500, measuredAtMs: T0 - 86_400_000 },
      },
    });
    const status = describeFridge(fridge, state, siteLevels);
    expect(status.stock.kg).toBe(10);
    expect(status.stock.asOf).toBe(iso(T0));
    expect(status.shelves.map((s) => s.id)).toEqual(['top', 'bottom']);
  });

  it('caps an overloaded fridge at 100 % and calls it full', () => {
    const state = stateWith({
      shelves: {
        top: { grossKg: 60, measuredAtMs: T0 },
        bottom: { grossKg: 60, measuredAtMs: T0 },
      },
    });
    const status = describeFridge(fridge, state, siteLevels);
    expect(status.stock).toMatchObject({ kg: 115, percent: 100, level: 'full' });
    expect(status.shelves.map((s) => s.percent)).toEqual([100, 100]);
  });

  it('uses the fridge’s own level cut-offs over the site default, and reports which apply', () => {
    const state = stateWith({
      shelves: { top: { grossKg: 12, measuredAtMs: T0 }, bottom: { grossKg: 8, measuredAtMs: T0 } },
    });
    const strict: LevelThresholds = { emptyBelowPercent: 40, fewBelowPercent: 60, manyBelowPercent: 90 };
    const withOwn = describeFridge({ ...fridge, levels: strict }, state, siteLevels);
    expect(withOwn.stock.level).toBe('empty');
    expect(withOwn.levels).toEqual(strict);
    const withSite = describeFridge(fridge, state, siteLevels);
    expect(withSite.stock.level).toBe('few');
    expect(withSite.levels).toEqual(siteLevels);
  });

  it('rounds what neighbours read: kg to 2 digits, percent to 1, temperature to 2', () => {
    const state = stateWith({
      shelves: { top: { grossKg: 2 + 20 / 3, measuredAtMs: T0 } },
      temperature: { celsius: 4.23456, probe: null, measuredAtMs: T0 },
    });
    const status = describeFridge(fridge, state, siteLevels);
    expect(status.stock.kg).toBe(6.67);
    // Only `top` has reported: the percent is of the shelves heard from, not of the whole fridge.
    expect(status.stock.percent).toBe(33.3);
    expect(status.shelves[0]?.kg).toBe(6.667);
    expect(status.shelves[0]?.percent).toBe(33.3);
    expect(status.temperature).toMatchObject({ celsius: 4.23, asOf: iso(T0) });
  });

  it('gives the level of the percent as shown, so a rounded 10% never reads empty', () => {
    const state = stateWith({
      shelves: { top: { grossKg: 2 + 3.999, measuredAtMs: T0 }, bottom: { grossKg: 3, measuredAtMs: T0 } },
    });
    const status = describeFridge(fridge, state, siteLevels);
    expect(status.stock.percent).toBe(10);
    expect(status.stock.level).toBe('few');
  });

  it('shows the door position with the time it last changed', () => {
    const state = stateWith({ door: { open: true, sinceMs: T0, measuredAtMs: T0 + 5_000 } });
    expect(describeFridge(fridge, state, siteLevels).door).toEqual({ open: true, since: iso(T0) });
  });

  it('lists the registered devices only, and is online when any of them is', () => {
    const device = { battery: 0.5, rssi: -70, firmware: '1.0.0', lastSeenMs: T0, clockSkew: true };
    const state = stateWith({
      lastSeenMs: T0,
      devices: {
        'door-1': { online: true, ...device },
        'revoked-1': { online: true, ...device },
      },
    });
    const status = describeFridge(fridge, state, siteLevels);
    expect(status.online).toBe(true);
    expect(status.lastSeen).toBe(iso(T0));
    expect(status.devices).toEqual([
      {
        id: 'scale-1',
        online: false,
        battery: null,
        rssi: null,
        firmware: null,
        lastSeen: null,
        clockSkew: false,
      },
      {
        id: 'door-1',
        online: true,
        battery: 0.5,
        rssi: -70,
        firmware: '1.0.0',
        lastSeen: iso(T0),
        clockSkew: true,
      },
    ]);
    const offline = describeFridge(
      fridge,
      stateWith({ devices: { 'revoked-1': { online: true, ...device } } }),
      siteLevels,
    );
    expect(offline.online).toBe(false);
  });

  it('keeps the total consistent with its shelves for any readings (property)', () => {
    const gross = fc.option(fc.double({ min: -1, max: 1000, noNaN: true }), { nil: undefined });
    fc.assert(
      fc.property(gross, gross, fc.integer({ min: 0, max: 3_600_000 }), (top, bottom, gapMs) => {
        const shelves: FridgeState['shelves'] = {};
        if (top !== undefined) shelves.top = { grossKg: top, measuredAtMs: T0 };
        if (bottom !== undefined) shelves.bottom = { grossKg: bottom, measuredAtMs: T0 + gapMs };
        const status = describeFridge(fridge, stateWith({ shelves }), siteLevels);
        if (top === undefined && bottom === undefined) {
          expect(status.stock.kg).toBeNull();
          expect(status.stock.level).toBeNull();
          return;
        }
        const shelfSum = status.shelves.reduce((sum, s) => sum + (s.kg ?? 0), 0);
        expect(status.stock.kg).not.toBeNull();
        expect(status.stock.kg ?? -1).toBeGreaterThanOrEqual(0);
        expect(Math.abs((status.stock.kg ?? 0) - shelfSum)).toBeLessThanOrEqual(0.006);
        expect(status.stock.percent ?? -1).toBeGreaterThanOrEqual(0);
        expect(status.stock.percent ?? 101).toBeLessThanOrEqual(100);
        expect(status.stock.level).not.toBeNull();
        expect(status.stock.asOf).toBe(iso(top !== undefined ? T0 : T0 + gapMs));
      }),
      { numRuns: 300 },
    );
  });
});

describe('describeFridge after an earlier status', () => {
  const device = { online: true, battery: 80, rssi: -60, firmware: '1.2.0', clockSkew: false };
  const before = stateWith({
    lastSeenMs: T0,
    shelves: { top: { grossKg: 12, measuredAtMs: T0 }, bottom: { grossKg: 8, measuredAtMs: T0 } },
    devices: { 'scale-1': { ...device, lastSeenMs: T0 } },
    door: { open: false, sinceMs: T0 - 60_000, measuredAtMs: T0 - 60_000 },
    temperature: { celsius: 4.2, probe: null, measuredAtMs: T0 - 30_000 },
  });

  it('shares the parts that came out equal, and reads the same as a status described afresh', () => {
    const previous = describeFridge(fridge, before, siteLevels);
    // The top shelf moved; the bottom shelf, the door and the temperature did not.
    const after = stateWith({
      ...before,
      lastSeenMs: T0 + 5_000,
      shelves: { ...before.shelves, top: { grossKg: 11, measuredAtMs: T0 + 5_000 } },
      devices: { 'scale-1': { ...device, lastSeenMs: T0 + 5_000 } },
    });
    const status = describeFridge(fridge, after, siteLevels, null, null, undefined, previous);
    expect(status).toEqual(describeFridge(fridge, after, siteLevels));
    expect(JSON.stringify(status)).toBe(JSON.stringify(describeFridge(fridge, after, siteLevels)));
    expect(status.shelves[1]).toBe(previous.shelves[1]);
    expect(status.shelves[0]).not.toBe(previous.shelves[0]);
    expect(status.door).toBe(previous.door);
    expect(status.temperature).toBe(previous.temperature);
    // The device's lastSeen moved: a new record; the one never heard is shared.
    expect(status.devices[0]).not.toBe(previous.devices[0]);
    expect(status.devices[1]).toBe(previous.devices[1]);
  });

  it('shares the whole list when every shelf is unchanged, and nothing when the earlier status had other fields', () => {
    const previous = describeFridge(fridge, before, siteLevels);
    const again = describeFridge(fridge, before, siteLevels, null, null, undefined, previous);
    expect(again.shelves).toBe(previous.shelves);
    expect(again.stock).toBe(previous.stock);
    const odd = { ...previous, door: { ...previous.door, extra: 1 } } as typeof previous;
    expect(describeFridge(fridge, before, siteLevels, null, null, undefined, odd).door).toEqual(
      previous.door,
    );
    expect(describeFridge(fridge, before, siteLevels, null, null, undefined, odd).door).not.toBe(odd.door);
  });
});
