import type { StockEstimate } from '../domain/estimation';
import type { StockHistoryStore } from '../storage/stockHistoryStore';

/** A stock point is charted when it moves this much, or after this long. */
const HISTORY_MIN_CHANGE_KG = 0.1;
const HISTORY_MAX_GAP_MS = 15 * 60_000;

/** Writes a fridge's stock history: a point when the estimate moved enough, or a while passed. */
export class StockChart {
  private readonly lastCharted = new Map<string, { atMs: number; kg: number }>();

  constructor(private readonly history: StockHistoryStore) {}

  chart(fridgeId: string, estimate: StockEstimate, nowMs: number): void {
    if (estimate.kg === null || estimate.percent === null) return;
    const last = this.lastCharted.get(fridgeId);
    const atMs = estimate.asOf ?? nowMs;
    if (
      last &&
      Math.abs(last.kg - estimate.kg) < HISTORY_MIN_CHANGE_KG &&
      atMs - last.atMs < HISTORY_MAX_GAP_MS
    )
      return;
    this.lastCharted.set(fridgeId, { atMs, kg: estimate.kg });
    this.history.append(fridgeId, {
      atMs,
      kg: estimate.kg,
      percent: estimate.percent,
      uncertaintyKg: estimate.uncertaintyKg,
    });
  }
}
