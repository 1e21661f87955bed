import type { SessionRecord, TruthRecord } from '../../firmware-sim';
import type { EstimatorConfig } from '../../server/domain/estimation/config';
import { forecastEmpty } from '../../server/domain/estimation/forecast';
import type { DoorSessionEffect } from '../../server/domain/estimation/types';
import { stockLevel } from '../../server/domain/stock';
import { replay, type Sample } from './replay';
import { type BenchScenario, UTC_OFFSET_MINUTES } from './scenarios';

export interface SessionErrors {
  count: number;
  meanKg: number;
  medianKg: number;
  p95Kg: number;
  maxKg: number;
}

export interface ScenarioMetrics {
  name: string;
  capacityKg: number;
  samples: number;
  /** Samples without an estimate yet (before the first settle). */
  unknownSamples: number;
  maeKg: number;
  maePercentOfCapacity: number;
  maxErrorKg: number;
  /** Share of samples between sessions whose error is within the estimate's own ± uncertainty. */
  withinUncertaintyShare: number;
  levelWrongShare: number;
  /** The same over the samples whose estimate was not marked doubtful. */
  levelWrongTrustedShare: number;
  /** Samples whose estimate was marked doubtful (a shelf fault). */
  doubtfulShare: number;
  /** Level wrong while the true stock was more than 1 % of capacity away from every level boundary. */
  levelWrongClearShare: number;
  trueSessions: number;
  detectedSessions: number;
  precision: number;
  recall: number;
  takenError: SessionErrors;
  addedError: SessionErrors;
  /** |estimate − truth| per shelf at the end of the run. */
  finalShelfErrorKg: Record<string, number>;
  /** Shelf doubts raised, and for a planted fault the delay until it was flagged. */
  doubtsRaised: number;
  faultDetectedAfterMs: number | null;
  forecast: {
    evaluated: number;
    missing: number;
    medianErrorMin: number | null;
    p90ErrorMin: number | null;
  } | null;
  replayMs: number;
  events: number;
}

const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))] as number;
};
const meanOf = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;

const sessionErrors = (errors: readonly number[]): SessionErrors => ({
  count: errors.length,
  meanKg: meanOf(errors),
  medianKg: percentile(errors, 0.5),
  p95Kg: percentile(errors, 0.95),
  maxKg: Math.max(0, ...errors),
});

/** How long the door may stay open around a session's ends and still match it (step sessions lag a reading or two). */
const MATCH_SLACK_MS = 30_000;

export function matchSessions(truth: readonly SessionRecord[], detected: readonly DoorSessionEffect[]) {
  const pairs: Array<{ truth: SessionRecord; detected: DoorSessionEffect }> = [];
  const used = new Set<DoorSessionEffect>();
  for (const t of truth) {
    const candidates = detected.filter(
      (d) =>
        !used.has(d) && d.openedAt <= t.endMs + MATCH_SLACK_MS && d.closedAt >= t.startMs - MATCH_SLACK_MS,
    );
    // The nearest opening wins when two overlap.
    candidates.sort((a, b) => Math.abs(a.openedAt - t.startMs) - Math.abs(b.openedAt - t.startMs));
    const match = candidates[0];
    if (match) {
      used.add(match);
      pairs.push({ truth: t, detected: match });
    }
  }
  return pairs;
}

const totalKg = (record: TruthRecord) => Object.values(record.shelves).reduce((s, kg) => s + kg, 0);

/** First moment at or after `fromMs` the true stock is below `emptyKg`; null if it never is. */
function trueEmptyAt(truth: readonly TruthRecord[], fromMs: number, emptyKg: number): number | null {
  let inEffect: TruthRecord | undefined;
  for (const record of truth) {
    if (record.t <= fromMs) {
      inEffect = record;
      continue;
    }
    if (inEffect && totalKg(inEffect) < emptyKg) return fromMs;
    inEffect = undefined;
    if (totalKg(record) < emptyKg) return record.t;
  }
  return inEffect && totalKg(inEffect) < emptyKg ? fromMs : null;
}

/** Runs one scenario through the estimator and scores it against the simulator's truth. */
export function evaluateScenario(scenario: BenchScenario, config: EstimatorConfig): ScenarioMetrics {
  const sim = scenario.simulate();
  const capacityKg = scenario.fridge.shelves.reduce((s, shelf) => s + shelf.capacityKg, 0);
  const emptyKg = (capacityKg * config.levels.emptyBelowPercent) / 100;
  const forecastErrorsMin: number[] = [];
  let forecastMissing = 0;
  const window = scenario.forecast;
  let nextForecastMs = window?.fromMs ?? Number.POSITIVE_INFINITY;
  const onSample = (sample: Sample, sessions: readonly DoorSessionEffect[]) => {
    if (!window || sample.atMs < nextForecastMs || sample.atMs > window.toMs) return;
    nextForecastMs += window.everyMs;
    if (sample.estimate.kg === null || sample.trueKg < emptyKg) return;
    const actual = trueEmptyAt(sim.truth, sample.atMs, emptyKg);
    if (actual === null) return;
    const forecast = forecastEmpty(
      {
        sessions,
        stockKg: sample.estimate.kg,
        capacityKg: sample.estimate.capacityKg,
        nowMs: sample.atMs,
        utcOffsetMinutes: UTC_OFFSET_MINUTES,
      },
      config,
    );
    if (forecast === null) forecastMissing += 1;
    else forecastErrorsMin.push(Math.abs(forecast.emptyAt - actual) / 60_000);
  };
  const started = performance.now();
  const result = replay({
    fridge: scenario.fridge,
    readings: sim.readings,
    truth: sim.truth,
    startMs: scenario.startMs,
    endMs: scenario.endMs,
    config,
    onSample,
  });
  const replayMs = performance.now() - started;

  const samples = result.samples.filter((s) => s.atMs >= scenario.measureFromMs);
  const known = samples.filter((s) => s.estimate.kg !== null);
  const errors = known.map((s) => Math.abs((s.estimate.kg ?? 0) - s.trueKg));
  // The estimate during a session is the one from before it (its `asOf` says so): not counted here.
  const between = known.filter((s) => !s.sessionInProgress);
  const withinUncertainty = between.filter(
    (s) => Math.abs((s.estimate.kg ?? 0) - s.trueKg) <= (s.estimate.uncertaintyKg ?? 0),
  ).length;
  const levelIsWrong = (s: Sample) =>
    s.estimate.level !== stockLevel((s.trueKg / s.estimate.capacityKg) * 100, config.levels);
  const levelWrong = known.filter(levelIsWrong).length;
  const boundaries = [
    config.levels.emptyBelowPercent,
    config.levels.fewBelowPercent,
    config.levels.manyBelowPercent,
  ];
  const clear = known.filter((s) => {
    const truePercent = (s.trueKg / s.estimate.capacityKg) * 100;
    return boundaries.every((b) => Math.abs(truePercent - b) > 1);
  });
  const trusted = known.filter((s) => !s.estimate.doubtful);

  const inWindow = (startMs: number) => startMs >= scenario.measureFromMs && startMs <= scenario.endMs;
  const threshold = config.stepThresholdKg;
  // A session needs time to settle before the run ends to be read at all.
  const trueSessions = sim.sessions.filter(
    (s) =>
      inWindow(s.startMs) &&
      s.endMs <= scenario.endMs - config.settleTimeoutMs &&
      (!scenario.detectableOnly || Object.values(s.deltaKgByShelf).some((kg) => Math.abs(kg) > threshold)),
  );
  const detected = result.sessions.filter(
    (d) => inWindow(d.openedAt) && d.closedAt <= scenario.endMs - config.settleTimeoutMs,
  );
  const pairs = matchSessions(trueSessions, detected);
  // Per shelf, as a scale sees it: what left and what came onto the shelves (the moves), so a
  // session that both takes and adds is judged on both.
  const movedKg = (d: DoorSessionEffect, sign: 1 | -1) =>
    d.shelves.reduce((sum, s) => sum + Math.max(0, sign * s.deltaKg), 0);
  const takenErrors = pairs.map((p) => Math.abs(movedKg(p.detected, -1) - p.truth.takenKg));
  const addedErrors = pairs.map((p) => Math.abs(movedKg(p.detected, 1) - p.truth.addedKg));

  const last = result.samples[result.samples.length - 1];
  const finalShelfErrorKg: Record<string, number> = {};
  for (const shelf of last?.estimate.shelves ?? []) {
    finalShelfErrorKg[shelf.shelfId] = Math.abs((shelf.kg ?? 0) - (last?.trueShelves[shelf.shelfId] ?? 0));
  }
  const raised = result.doubts.filter((d) => d.reason !== null);
  const fault = scenario.fault;
  const flagged = fault
    ? raised.find((d) => d.shelfId === fault.shelfId && d.reason === 'stuck' && d.atMs >= fault.fromMs)
    : undefined;
  const mae = meanOf(errors);
  return {
    name: scenario.name,
    capacityKg,
    samples: samples.length,
    unknownSamples: samples.length - known.length,
    maeKg: mae,
    maePercentOfCapacity: (mae / capacityKg) * 100,
    maxErrorKg: Math.max(0, ...errors),
    withinUncertaintyShare: between.length === 0 ? 0 : withinUncertainty / between.length,
    levelWrongShare: known.length === 0 ? 0 : levelWrong / known.length,
    levelWrongTrustedShare: trusted.length === 0 ? 0 : trusted.filter(levelIsWrong).length / trusted.length,
    doubtfulShare: known.length === 0 ? 0 : (known.length - trusted.length) / known.length,
    levelWrongClearShare: clear.length === 0 ? 0 : clear.filter(levelIsWrong).length / clear.length,
    trueSessions: trueSessions.length,
    detectedSessions: detected.length,
    precision: detected.length === 0 ? 1 : pairs.length / detected.length,
    recall: trueSessions.length === 0 ? 1 : pairs.length / trueSessions.length,
    takenError: sessionErrors(takenErrors),
    addedError: sessionErrors(addedErrors),
    finalShelfErrorKg,
    doubtsRaised: raised.length,
    faultDetectedAfterMs: fault && flagged ? flagged.atMs - fault.fromMs : null,
    forecast: window
      ? {
          evaluated: forecastErrorsMin.length,
          missing: forecastMissing,
          medianErrorMin: forecastErrorsMin.length > 0 ? percentile(forecastErrorsMin, 0.5) : null,
          p90ErrorMin: forecastErrorsMin.length > 0 ? percentile(forecastErrorsMin, 0.9) : null,
        }
      : null,
    replayMs,
    events: result.events,
  };
}
