import { percentOfCapacity, roundTo, stockLevel } from '../stock';
import type { EstimatorConfig } from './config';
import { shelfNetKg, shelfUncertaintyKg } from './shelfLevel';
import { shelfDoubtReason } from './shutDoor';
import type { EstimatorState, ShelfEstimate, StockEstimate } from './types';

const kgOrNull = (kg: number | null): number | null => (kg === null ? null : roundTo(kg, 3));

/** The stock as the estimator believes it now. Pure; cheap enough to call on every request. */
export function getStockEstimate(state: EstimatorState, config: EstimatorConfig): StockEstimate {
  const shelves: ShelfEstimate[] = [];
  for (const id of state.shelfIds) {
    const shelf = state.shelves[id];
    if (!shelf) continue;
    const kg = shelfNetKg(shelf);
    const uncertaintyKg = shelfUncertaintyKg(shelf, config);
    shelves.push({
      shelfId: id,
      kg: kgOrNull(kg),
      capacityKg: shelf.spec.capacityKg,
      percent: kg === null ? null : roundTo(percentOfCapacity(kg, shelf.spec.capacityKg), 1),
      doubtful: shelfDoubtReason(shelf) !== null,
      doubtReason: shelfDoubtReason(shelf),
      uncertaintyKg: kgOrNull(uncertaintyKg),
      asOf: shelf.asOfMs,
    });
  }
  const known = shelves.filter((s) => s.kg !== null);
  const doubtful = shelves.some((s) => s.doubtful);
  if (known.length === 0) {
    return {
      fridgeId: state.fridgeId,
      kg: null,
      capacityKg: shelves.reduce((sum, s) => sum + s.capacityKg, 0),
      percent: null,
      level: null,
      meals: null,
      uncertaintyKg: null,
      asOf: null,
      doubtful,
      shelves,
    };
  }
  const kg = known.reduce((sum, s) => sum + (s.kg ?? 0), 0);
  const capacityKg = known.reduce((sum, s) => sum + s.capacityKg, 0);
  const percent = percentOfCapacity(kg, capacityKg);
  const trusted = known.filter((s) => !s.doubtful && s.asOf !== null);
  const asOfs = (trusted.length > 0 ? trusted : known).flatMap((s) => (s.asOf === null ? [] : [s.asOf]));
  return {
    fridgeId: state.fridgeId,
    kg: roundTo(kg, 3),
    capacityKg,
    percent: roundTo(percent, 1),
    level: stockLevel(percent, config.levels),
    meals: Math.floor(kg / config.kgPerMeal + 1e-9),
    uncertaintyKg: roundTo(
      known.reduce((sum, s) => sum + (s.uncertaintyKg ?? 0), 0),
      3,
    ),
    asOf: asOfs.length > 0 ? Math.min(...asOfs) : null,
    doubtful,
    shelves,
  };
}
