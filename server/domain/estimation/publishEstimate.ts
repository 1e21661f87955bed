import type { Step } from './estimatorStep';
import { shelfNetKg } from './shelfLevel';
import { shelfDoubtReason } from './shutDoor';
import { getStockEstimate } from './stockEstimate';
import type { EstimatorState } from './types';

/** Emits `stockEstimated` when a shelf's figure moved by `minChangeKg` or its trust changed. */
export function publishIfChanged(step: Step): void {
  const { state, config } = step;
  const published = state.published;
  let changed = published === null || Object.keys(published).length !== state.shelfIds.length;
  const next: NonNullable<EstimatorState['published']> = {};
  for (const id of state.shelfIds) {
    const shelf = state.shelves[id];
    if (!shelf) continue;
    const kg = shelfNetKg(shelf);
    const doubt = shelfDoubtReason(shelf);
    const before = published?.[id];
    const moved =
      !before ||
      (before.kg === null) !== (kg === null) ||
      (before.kg !== null && kg !== null && Math.abs(before.kg - kg) >= config.minChangeKg) ||
      before.doubt !== doubt ||
      before.capacityKg !== shelf.spec.capacityKg;
    if (moved) changed = true;
    next[id] = moved || !before ? { kg, doubt, capacityKg: shelf.spec.capacityKg } : before;
  }
  if (!changed) return;
  state.published = next;
  const estimate = getStockEstimate(state, config);
  if (estimate.kg === null && published === null) return;
  step.effects.push({ type: 'stockEstimated', fridgeId: state.fridgeId, estimate });
}
