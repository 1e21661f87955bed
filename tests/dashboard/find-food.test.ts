import { describe, expect, it } from 'vitest';
import {
  distanceKm,
  distanceWords,
  findFridges,
  isColdAndSafe,
  isOpenNow,
  NO_FILTERS,
  openNowAt,
  parseCoordinates,
} from '../../dashboard/src/find-food';
import { makeFridge, NOON_MS } from './fixtures';

const manhattan = { lat: 40.7128, lon: -74.006 };
const brooklyn = { lat: 40.7306, lon: -73.9352 };
const base = makeFridge({ online: true, openNow: null });
// Round the clock; its stale `openNow: false` (the status is older than now) is not believed.
const roundTheClock = Object.fromEntries(
  ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'].map((day) => [day, [{ from: '00:00', to: '24:00' }]]),
);
const near = makeFridge({
  id: 'near',
  name: 'Near fridge',
  address: '1 Elm St',
  online: true,
  location: manhattan,
  stock: { ...base.stock, level: 'few' },
  openingHours: roundTheClock,
  openNow: false,
});
const far = makeFridge({
  id: 'far',
  name: 'Far pantry',
  kind: 'pantry',
  address: '9 Oak Ave',
  online: true,
  location: brooklyn,
  stock: { ...base.stock, level: 'empty' },
  temperature: { ...base.temperature, status: 'unknown', since: null },
  // The fixture's hours (Mo 08-20, Sa 10-14): closed at noon on Sunday, whatever the stale flag says.
  openNow: true,
});
// No hours stated: counts as open, like a street fridge.
const nowhere = makeFridge({
  id: 'nowhere',
  name: 'Unplaced fridge',
  location: null,
  online: true,
  openingHours: null,
  openNow: null,
});

describe('finding food', () => {
  it('measures great-circle distance (Manhattan to Brooklyn, about 6.3 km)', () => {
    expect(distanceKm(manhattan, brooklyn)).toBeCloseTo(6.3, 1);
    expect(distanceWords(0.349, false)).toBe('350 m');
    expect(distanceWords(6.31, false)).toBe('6.3 km');
    expect(distanceWords(6.31, true)).toBe('3.9 mi');
  });

  it('sorts by distance from the chosen place, fridges without a location last', () => {
    const origin = { lat: 40.73, lon: -73.94 };
    const ids = findFridges([nowhere, near, far], { ...NO_FILTERS, origin }, NOON_MS).map((f) => f.fridge.id);
    expect(ids).toEqual(['far', 'near', 'nowhere']);
    expect(findFridges([nowhere, near], NO_FILTERS, NOON_MS).every((f) => f.distanceKm === null)).toBe(true);
  });

  it('filters: food now, open now, cold and safe, and words of the name or address', () => {
    const all = [near, far, nowhere];
    const ids = (filters: Partial<typeof NO_FILTERS>) =>
      findFridges(all, { ...NO_FILTERS, ...filters }, NOON_MS).map((f) => f.fridge.id);
    expect(ids({ foodNow: true })).not.toContain('far');
    expect(ids({ openNow: true })).toEqual(['near', 'nowhere']);
    expect(ids({ query: 'oak' })).toEqual(['far']);
    expect(ids({ query: 'ELM fridge' })).toEqual(['near']);
    expect(isColdAndSafe(far)).toBe(true);
    expect(isColdAndSafe({ ...near, temperature: { ...near.temperature, status: 'warning' } })).toBe(false);
    expect(isColdAndSafe({ ...near, online: false })).toBe(false);
  });

  it('judges "open now" by the given clock in the fridge\'s time zone, flipping at closing time', () => {
    // 2025-06-02 is a Monday; the fixture's hours are Mo 08:00-20:00 in the fridge's zone.
    const berlin = { ...far, timeZone: 'Europe/Berlin' };
    const before = Date.parse('2025-06-02T17:59:00Z'); // 19:59 in Berlin (CEST, UTC+2)
    const after = Date.parse('2025-06-02T18:00:00Z'); // 20:00 in Berlin
    expect(openNowAt(berlin, before)).toBe(true);
    expect(openNowAt(berlin, after)).toBe(false);
    expect(openNowAt(nowhere, after)).toBeNull();
    expect(isOpenNow(nowhere, after)).toBe(true);
  });

  it('reads typed coordinates, and refuses what is not two numbers on Earth', () => {
    expect(parseCoordinates('40.7128, -74.0060')).toEqual({ lat: 40.7128, lon: -74.006 });
    expect(parseCoordinates('40.7128 -74.0060')).toEqual({ lat: 40.7128, lon: -74.006 });
    expect(parseCoordinates('91, 0')).toBeNull();
    expect(parseCoordinates('Elm St')).toBeNull();
    expect(parseCoordinates('1, 2, 3')).toBeNull();
  });
});
