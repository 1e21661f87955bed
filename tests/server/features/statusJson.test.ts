import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FridgeStatus, LevelThresholds } from '../../../contract/api';
import type { SensorValue } from '../../../contract/payloads';
import { applyReading, emptyFridgeState, type FridgeState } from '../../../server/domain/fridgeState';
import { describeFridge, type FridgeDefinition, NO_NEEDS } from '../../../server/domain/fridgeStatus';
import { describedAfter, statusJson } from '../../../server/features/statusJson';

const T0 = Date.UTC(2026, 10, 29, 17, 0);
const siteLevels: LevelThresholds = { emptyBelowPercent: 10, fewBelowPercent: 45, manyBelowPercent: 80 };
const fridge: FridgeDefinition = {
  id: 'elm-st',
  name: 'Elm St "corner" fridge — Ünter',
  kind: 'fridge',
  address: '1 Elm St',
  simulated: false,
  shelves: [
    { id: 'top', tareKg: 2, capacityKg: 20 },
    { id: 'middle', tareKg: 2, capacityKg: 20 },
    { id: 'bottom', tareKg: 3, capacityKg: 20 },
  ],
  levels: null,
  deviceIds: ['scale-1', 'door-1'],
  location: { lat: 52.5, lon: 13.4 },
  openingHours: null,
  needs: NO_NEEDS,
};

const reading: fc.Arbitrary<SensorValue> = fc.oneof(
  fc.record({
    kind: fc.constant('weight' as const),
    shelfId: fc.constantFrom('top', 'middle', 'bottom'),
    kg: fc.double({ min: 0, max: 30, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('temperature' as const),
    celsius: fc.double({ min: -5, max: 15, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('door' as const), open: fc.boolean() }),
  fc.record({
    kind: fc.constant('deviceStatus' as const),
    deviceId: fc.constantFrom('scale-1', 'door-1'),
    online: fc.boolean(),
    battery: fc.integer({ min: 0, max: 100 }),
  }),
);

/**
 * Describes a fridge after each reading as the catalogue does, each status after the one before,
 * and serialises it at once when `sent` says so (the retained topic skips statuses in a burst).
 */
function describeSeries(
  steps: Array<[SensorValue, boolean]>,
): Array<{ status: FridgeStatus; json: string | null }> {
  let state: FridgeState = emptyFridgeState();
  let previous: FridgeStatus | null = null;
  return steps.map(([value, sent], n) => {
    const atMs = T0 + n * 5_000;
    const deviceId = n % 2 ? 'scale-1' : 'door-1';
    state = applyReading(state, {
      value,
      deviceId,
      measuredAtMs: atMs,
      receivedAtMs: atMs,
      clockSkew: false,
    }).state;
    const status = describeFridge(fridge, state, siteLevels, null, null, undefined, previous);
    if (previous) describedAfter(status, previous);
    previous = status;
    return { status, json: sent ? statusJson(status) : null };
  });
}

describe('statusJson', () => {
  it('is JSON.stringify of each status, whichever earlier statuses were serialised (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(reading, fc.boolean()), { minLength: 1, maxLength: 30 }), (steps) => {
        for (const { status, json } of describeSeries(steps)) {
          if (json !== null) expect(json).toBe(JSON.stringify(status));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('takes the parts a status shares with the one before from that one’s JSON', () => {
    const [first, , third] = describeSeries([
      [{ kind: 'weight', shelfId: 'top', kg: 9 }, true],
      [{ kind: 'weight', shelfId: 'middle', kg: 8 }, false],
      [{ kind: 'weight', shelfId: 'bottom', kg: 7 }, false],
    ]).map(({ status }) => status) as [FridgeStatus, FridgeStatus, FridgeStatus];
    const json = statusJson(first);
    const second = third;
    expect(second.location).toBe(first.location);
    // Against the rule (statuses are never changed once described), to show where the text comes from.
    (first.location as { lat: number }).lat = 12.5;
    expect(JSON.parse(statusJson(second)).location).toEqual({ lat: 52.5, lon: 13.4 });
    expect(statusJson(first)).toBe(json);
  });
});
