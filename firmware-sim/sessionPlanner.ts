import { logUniform, type Rng, uniform } from './prng';
import type { BehaviourProfile } from './profiles';
import type { SessionKind, SimulatedShelf, StockChange } from './types';

export interface PlannedSession {
  kind: SessionKind;
  endMs: number;
  /** In time order; every change keeps its shelf within 0..capacity. */
  changes: StockChange[];
}

/** Stock is kept in whole grams so that sums of changes stay exact. */
export const roundKg = (kg: number): number => Math.round(kg * 1000) / 1000;
/** Additions round down, so a shelf never ends up a gram over its capacity. */
const floorKg = (kg: number): number => Math.floor(kg * 1000 + 1e-6) / 1000;

/** Items move while the door is open, not at the moment it opens or closes. */
function changeTimeMs(rng: Rng, startMs: number, endMs: number): number {
  return Math.round(startMs + (endMs - startMs) * uniform(rng, 0.2, 0.8));
}

/** Picks an index with probability proportional to its weight; -1 when all weights are 0. */
function pickWeighted(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total <= 0) return -1;
  let remaining = rng.next() * total;
  for (let i = 0; i < weights.length; i += 1) {
    remaining -= weights[i] ?? 0;
    if (remaining < 0) return i;
  }
  return weights.length - 1;
}

/** A neighbour takes food from one or two shelves, fuller shelves more likely; or only looks. */
function planTaking(
  rng: Rng,
  profile: BehaviourProfile,
  shelves: readonly SimulatedShelf[],
  stockKg: Readonly<Record<string, number>>,
): Array<{ shelfId: string; deltaKg: number }> {
  if (rng.next() < profile.browseShare) return [];
  let wantedKg = uniform(rng, profile.takenKg.min, profile.takenKg.max);
  const remaining = shelves.map((shelf) => stockKg[shelf.id] ?? 0);
  const shelfCount = rng.next() < 0.7 ? 1 : 2;
  const deltas: Array<{ shelfId: string; deltaKg: number }> = [];
  for (let n = 0; n < shelfCount && wantedKg > 0; n += 1) {
    const index = pickWeighted(rng, remaining);
    const shelf = shelves[index];
    if (!shelf) break;
    const shareKg = n === shelfCount - 1 ? wantedKg : wantedKg * uniform(rng, 0.3, 0.7);
    const takenKg = roundKg(Math.min(shareKg, remaining[index] ?? 0));
    if (takenKg <= 0) continue;
    remaining[index] = roundKg((remaining[index] ?? 0) - takenKg);
    wantedKg -= takenKg;
    deltas.push({ shelfId: shelf.id, deltaKg: -takenKg });
  }
  return deltas;
}

/** A neighbour leaves food on one shelf that has room. */
function planDonation(
  rng: Rng,
  profile: BehaviourProfile,
  shelves: readonly SimulatedShelf[],
  stockKg: Readonly<Record<string, number>>,
): Array<{ shelfId: string; deltaKg: number }> {
  const roomKg = shelves.map((shelf) => Math.max(0, shelf.capacityKg - (stockKg[shelf.id] ?? 0)));
  const shelf = shelves[pickWeighted(rng, roomKg)];
  if (!shelf) return [];
  const room = shelf.capacityKg - (stockKg[shelf.id] ?? 0);
  const addedKg = floorKg(Math.min(uniform(rng, profile.donatedKg.min, profile.donatedKg.max), room));
  return addedKg > 0 ? [{ shelfId: shelf.id, deltaKg: addedKg }] : [];
}

/** A volunteer tops every shelf up to a fraction of its capacity; full shelves are left alone. */
function planRestock(
  rng: Rng,
  profile: BehaviourProfile,
  shelves: readonly SimulatedShelf[],
  stockKg: Readonly<Record<string, number>>,
): Array<{ shelfId: string; deltaKg: number }> {
  const deltas: Array<{ shelfId: string; deltaKg: number }> = [];
  for (const shelf of shelves) {
    const fraction = uniform(rng, profile.restockFillFraction.min, profile.restockFillFraction.max);
    const addedKg = floorKg(shelf.capacityKg * fraction - (stockKg[shelf.id] ?? 0));
    if (addedKg >= 0.05) deltas.push({ shelfId: shelf.id, deltaKg: addedKg });
  }
  return deltas;
}

/** Plans one door session that starts at `startMs`, from the stock at that moment. */
export function planSession(
  rng: Rng,
  kind: SessionKind,
  startMs: number,
  profile: BehaviourProfile,
  shelves: readonly SimulatedShelf[],
  stockKg: Readonly<Record<string, number>>,
): PlannedSession {
  const duration = kind === 'restock' ? profile.restockDurationMs : profile.visitDurationMs;
  const endMs = Math.round(startMs + logUniform(rng, duration.min, duration.max));
  let deltas: Array<{ shelfId: string; deltaKg: number }>;
  switch (kind) {
    case 'visit':
      deltas = planTaking(rng, profile, shelves, stockKg);
      break;
    case 'donation':
      deltas = planDonation(rng, profile, shelves, stockKg);
      break;
    case 'restock':
      deltas = planRestock(rng, profile, shelves, stockKg);
      break;
  }
  const changes = deltas
    .map((delta) => ({ ...delta, atMs: changeTimeMs(rng, startMs, endMs) }))
    .sort((a, b) => a.atMs - b.atMs);
  return { kind, endMs, changes };
}
