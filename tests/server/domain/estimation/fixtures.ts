import { DEFAULT_ESTIMATOR_CONFIG, type EstimatorConfig } from '../../../../server/domain/estimation/config';
import { createEstimatorState, stepEstimator } from '../../../../server/domain/estimation/estimator';
import { getStockEstimate } from '../../../../server/domain/estimation/stockEstimate';
import type {
  DoorSessionEffect,
  EstimatorEffect,
  EstimatorEvent,
  EstimatorState,
  StockEstimate,
} from '../../../../server/domain/estimation/types';
import type { ShelfSpec } from '../../../../server/domain/stock';

export const T0 = Date.UTC(2025, 5, 2, 8, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export const SHELVES: ShelfSpec[] = [
  { id: 'top', tareKg: 3, capacityKg: 10 },
  { id: 'bottom', tareKg: 4, capacityKg: 10 },
];

/** Deterministic gaussian noise (mulberry32 + Box-Muller), so a failing test replays exactly. */
export function noiseSource(seed: number, sigmaKg: number): () => number {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => sigmaKg * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** Whole grams, as the firmware reports. */
export const grams = (kg: number): number => Math.round(kg * 1000) / 1000;

/**
 * Drives one fridge through events, keeping every effect. Each event is applied at its own time
 * (`nowMs` = measured time), as the server does when readings arrive promptly.
 */
export class FridgeDriver {
  state: EstimatorState;
  readonly effects: EstimatorEffect[] = [];
  nowMs: number;

  constructor(
    readonly config: EstimatorConfig = DEFAULT_ESTIMATOR_CONFIG,
    shelves: readonly ShelfSpec[] = SHELVES,
    startMs = T0,
  ) {
    this.state = createEstimatorState('fridge-1', shelves, config);
    this.nowMs = startMs;
  }

  apply(event: EstimatorEvent, nowMs = this.nowMs): EstimatorEffect[] {
    this.nowMs = Math.max(this.nowMs, nowMs);
    const step = stepEstimator(this.state, event, this.nowMs, this.config);
    this.state = step.state;
    this.effects.push(...step.effects);
    return step.effects;
  }

  weight(shelfId: string, grossKg: number, atMs = this.nowMs): EstimatorEffect[] {
    return this.apply({ type: 'weight', shelfId, grossKg, measuredAtMs: atMs }, atMs);
  }

  door(open: boolean, atMs = this.nowMs): EstimatorEffect[] {
    return this.apply({ type: 'door', open, measuredAtMs: atMs }, atMs);
  }

  tick(atMs: number): EstimatorEffect[] {
    return this.apply({ type: 'tick' }, atMs);
  }

  /**
   * Every shelf reads its gross value every `everyMs` from `fromMs` (exclusive) to `toMs`,
   * shelves staggered by a second, with the given noise (σ 5 g by default); ticks every 5 s in between.
   */
  run(
    fromMs: number,
    toMs: number,
    grossKg: (shelfId: string, atMs: number) => number,
    options: { everyMs?: number; noise?: () => number } = {},
  ): void {
    const everyMs = options.everyMs ?? 7 * SECOND;
    // A live HX711 always jitters; without noise the shelves would (rightly) be flagged as stuck.
    const noise = options.noise ?? noiseSource(fromMs % 10_007, 0.005);
    const shelfIds = this.state.shelfIds;
    for (let t = fromMs + everyMs; t <= toMs; t += everyMs) {
      shelfIds.forEach((id, index) => {
        const at = t + index * SECOND;
        if (at <= toMs) this.weight(id, grams(grossKg(id, at) + noise()), at);
      });
      this.tick(t + 5 * SECOND);
    }
    this.nowMs = Math.max(this.nowMs, toMs);
  }

  estimate(): StockEstimate {
    return getStockEstimate(this.state, this.config);
  }

  shelfKg(shelfId: string): number | null {
    return this.estimate().shelves.find((s) => s.shelfId === shelfId)?.kg ?? null;
  }

  sessions(): DoorSessionEffect[] {
    return this.effects.filter((e): e is DoorSessionEffect => e.type === 'doorSession');
  }

  ofType<T extends EstimatorEffect['type']>(type: T): Array<Extract<EstimatorEffect, { type: T }>> {
    return this.effects.filter((e): e is Extract<EstimatorEffect, { type: T }> => e.type === type);
  }
}

/** Net kg per shelf → the gross a cell reads (tare included). */
export function grossOf(netKg: Record<string, number>, shelves: readonly ShelfSpec[] = SHELVES) {
  return (shelfId: string): number => {
    const shelf = shelves.find((s) => s.id === shelfId);
    return (shelf?.tareKg ?? 0) + (netKg[shelfId] ?? 0);
  };
}
