import type { SimulatedFridge } from '../../firmware-sim/types';

/** 1 May 2024 00:00 UTC: a fixed simulated start so hours of the day are known. */
export const MIDNIGHT_UTC_MS = Date.parse('2024-05-01T00:00:00Z');
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function threeShelves(capacityKg = 20, tareKg = 2) {
  return ['s1', 's2', 's3'].map((id) => ({ id, tareKg, capacityKg }));
}

export const FRIDGE: SimulatedFridge = { fridgeId: 'f1', kind: 'fridge', shelves: threeShelves() };
export const PANTRY: SimulatedFridge = { fridgeId: 'p1', kind: 'pantry', shelves: threeShelves() };
/** One shelf: enough for behaviour statistics and six times faster to simulate. */
export const ONE_SHELF_FRIDGE: SimulatedFridge = {
  fridgeId: 'f1',
  kind: 'fridge',
  shelves: [{ id: 's1', tareKg: 2, capacityKg: 40 }],
};
