import type { ScenarioReading, SimulatedFridge, TruthRecord } from '../../firmware-sim';
import type { EstimatorConfig } from '../../server/domain/estimation/config';
import { createEstimatorState, stepEstimator, tickCanChange } from '../../server/domain/estimation/estimator';
import { estimatorEventOf } from '../../server/domain/estimation/events';
import { getStockEstimate } from '../../server/domain/estimation/stockEstimate';
import type {
  DoorSessionEffect,
  EstimatorEvent,
  EstimatorState,
  StockEstimate,
} from '../../server/domain/estimation/types';

/** One comparison of the estimate with the truth. */
export interface Sample {
  atMs: number;
  estimate: StockEstimate;
  /** True net kg per shelf, and their total. */
  trueShelves: Record<string, number>;
  trueKg: number;
  /** The door is open or the shelves are settling: the estimate is the one from before. */
  sessionInProgress: boolean;
}

export interface ReplayResult {
  samples: Sample[];
  sessions: DoorSessionEffect[];
  /** Shelf doubts as (shelfId, reason, atMs), in order. */
  doubts: Array<{ shelfId: string; reason: string | null; atMs: number }>;
  finalState: EstimatorState;
  events: number;
  /** Per watched window: the largest move of the public stock from its first value in the window. */
  windowShiftsKg: number[];
}

export interface ReplayOptions {
  fridge: SimulatedFridge;
  readings: readonly ScenarioReading[];
  truth: readonly TruthRecord[];
  startMs: number;
  endMs: number;
  config: EstimatorConfig;
  /** How often the server's timer ticks the estimator; default 5 s. */
  tickMs?: number;
  /** How often the estimate is compared with the truth; default 60 s. */
  sampleMs?: number;
  /** Called at every sample (the forecast evaluation hooks in here). */
  onSample?: (sample: Sample, sessions: readonly DoorSessionEffect[]) => void;
  /**
   * Time-ordered, non-overlapping windows in which the public stock is read after every event
   * (not only once a minute), so that a jump of a few seconds is seen.
   */
  watchWindows?: ReadonlyArray<{ fromMs: number; toMs: number }>;
}

/**
 * Feeds a simulated fridge's readings to the estimator in time order, as the server would (with
 * its timer ticking in between), and samples the estimate against the simulator's truth.
 */
export function replay(options: ReplayOptions): ReplayResult {
  const { fridge, config } = options;
  const tickMs = options.tickMs ?? 5_000;
  const sampleMs = options.sampleMs ?? 60_000;
  const readings = options.readings.filter((r) => r.fridgeId === fridge.fridgeId);
  const truth = options.truth.filter((t) => t.fridgeId === fridge.fridgeId);
  let state = createEstimatorState(fridge.fridgeId, fridge.shelves, config);
  const sessions: DoorSessionEffect[] = [];
  const doubts: ReplayResult['doubts'] = [];
  const samples: Sample[] = [];
  let events = 0;
  let readingIndex = 0;
  let truthIndex = 0;
  let nextTickMs = options.startMs + tickMs;
  let nextSampleMs = options.startMs + sampleMs;
  const windows = options.watchWindows ?? [];
  const windowShiftsKg = windows.map(() => 0);
  let windowIndex = 0;
  let windowStartKg: number | null = null;
  const watch = (nowMs: number) => {
    while (windowIndex < windows.length && nowMs > (windows[windowIndex]?.toMs ?? 0)) {
      windowIndex += 1;
      windowStartKg = null;
    }
    const window = windows[windowIndex];
    if (!window || nowMs < window.fromMs) return;
    const kg = getStockEstimate(state, config).kg;
    if (kg === null) return;
    windowStartKg ??= kg;
    windowShiftsKg[windowIndex] = Math.max(windowShiftsKg[windowIndex] ?? 0, Math.abs(kg - windowStartKg));
  };
  const apply = (event: EstimatorEvent, nowMs: number) => {
    const step = stepEstimator(state, event, nowMs, config);
    state = step.state;
    events += 1;
    if (windows.length > 0) watch(nowMs);
    for (const effect of step.effects) {
      if (effect.type === 'doorSession') sessions.push(effect);
      else if (effect.type === 'shelfDoubtChanged')
        doubts.push({ shelfId: effect.shelfId, reason: effect.reason, atMs: effect.atMs });
    }
  };
  for (;;) {
    const reading = readings[readingIndex];
    const readingMs = reading ? reading.atMs : Number.POSITIVE_INFINITY;
    const nextMs = Math.min(readingMs, nextTickMs, nextSampleMs);
    if (nextMs > options.endMs) break;
    if (reading && readingMs === nextMs) {
      readingIndex += 1;
      const event = estimatorEventOf(reading.value, reading.atMs);
      if (event) apply(event, reading.atMs);
    } else if (nextTickMs === nextMs) {
      // As the server does: a tick that cannot change the state is skipped (still counted).
      if (tickCanChange(state)) apply({ type: 'tick' }, nextTickMs);
      else {
        events += 1;
        // The watched windows still read the (unchanged) stock at this instant, as before.
        if (windows.length > 0) watch(nextTickMs);
      }
      nextTickMs += tickMs;
    } else {
      while (truthIndex + 1 < truth.length && (truth[truthIndex + 1] as TruthRecord).t <= nextMs)
        truthIndex += 1;
      const record = truth[truthIndex];
      const trueShelves = record ? { ...record.shelves } : {};
      const sample: Sample = {
        atMs: nextMs,
        estimate: getStockEstimate(state, config),
        trueShelves,
        trueKg: Object.values(trueShelves).reduce((sum, kg) => sum + kg, 0),
        sessionInProgress: state.session !== null,
      };
      samples.push(sample);
      options.onSample?.(sample, sessions);
      nextSampleMs += sampleMs;
    }
  }
  return { samples, sessions, doubts, finalState: state, events, windowShiftsKg };
}
