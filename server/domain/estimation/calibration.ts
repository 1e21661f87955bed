import type { ShelfSpec } from '../stock';
import { currentGrossKg, markFullRefusal } from './calibrationCheck';
import type { EstimatorConfig } from './config';
import { discardQuietStretch, newDriftRateTrack } from './driftRate';
import { newResolution } from './resolution';
import { discardThermalStretch, newThermalTrack, thermalOffsetKg } from './thermal';
import type { EstimatorEffect, EstimatorState, ShelfTrack } from './types';

/** A shelf's track, new, and the calibrations: tare, full, capacity, the shelves as configured. */

/** What a calibration works on: the step's working copy of the state, and its effects so far. */
export interface CalibrationStep {
  state: EstimatorState;
  effects: EstimatorEffect[];
  nowMs: number;
  config: EstimatorConfig;
}

export function newShelfTrack(spec: ShelfSpec, config: EstimatorConfig): ShelfTrack {
  return {
    spec: { ...spec },
    recent: [],
    lastReadingAtMs: null,
    levelKg: null,
    emptyKg: spec.tareKg,
    clampedFromKg: null,
    holdUntilMs: 0,
    thermal: newThermalTrack(),
    driftRate: newDriftRateTrack(),
    driftAppliedUntilMs: null,
    unwatchedMs: 0,
    levelSamples: 0,
    driftSinceCleanKg: 0,
    unsettledKg: 0,
    // A first guess until the readings tell: the settle tolerance is meant as 3σ.
    noiseKg: config.settleToleranceKg / 3,
    sameRun: null,
    spikesAtMs: [],
    outOfRangeRun: 0,
    doubt: null,
    shutExcursion: null,
    shutChange: null,
    resolution: newResolution(),
    needsRebase: false,
    asOfMs: null,
  };
}

/** Sets the shelf's level at once (a calibration), ending any doubt about the tracking. */
function rebaseAt(shelf: ShelfTrack, grossKg: number, nowMs: number): void {
  shelf.levelKg = grossKg;
  shelf.levelSamples = Math.max(1, Math.min(shelf.recent.length, 5));
  shelf.holdUntilMs = nowMs;
  shelf.driftSinceCleanKg = 0;
  shelf.unsettledKg = 0;
  shelf.needsRebase = false;
  shelf.asOfMs = nowMs;
  discardQuietStretch(shelf.driftRate);
  discardThermalStretch(shelf.thermal);
}

function calibrated(step: CalibrationStep, shelf: ShelfTrack): void {
  step.effects.push({ type: 'shelfCalibrated', fridgeId: step.state.fridgeId, shelf: { ...shelf.spec } });
}

export function onTare(step: CalibrationStep, shelfId: string): void {
  const shelf = step.state.shelves[shelfId];
  if (!shelf) return;
  const grossKg = currentGrossKg(shelf, step.config);
  if (grossKg === null) return;
  shelf.emptyKg = grossKg;
  shelf.clampedFromKg = null;
  shelf.shutExcursion = null;
  if (shelf.shutChange) {
    shelf.shutChange = null;
    if (shelf.doubt === null)
      step.effects.push({
        type: 'shelfDoubtChanged',
        fridgeId: step.state.fridgeId,
        shelfId,
        reason: null,
        atMs: step.nowMs,
      });
  }
  // The configured tare is what the cell reads, before the temperature correction.
  shelf.spec.tareKg = grossKg + thermalOffsetKg(shelf, step.state.temperature, step.nowMs);
  shelf.unwatchedMs = 0;
  rebaseAt(shelf, grossKg, step.nowMs);
  // Inside a session, the shelf's change counts from the calibration on.
  const entry = step.state.session?.shelves[shelfId];
  if (entry) entry.baselineKg = grossKg;
  calibrated(step, shelf);
}

export function onMarkFull(step: CalibrationStep, shelfId: string): void {
  const shelf = step.state.shelves[shelfId];
  if (!shelf) return;
  // The API refuses these cases with a reason first; a replayed event still changes nothing.
  if (markFullRefusal(shelf, step.config) !== null) return;
  const grossKg = currentGrossKg(shelf, step.config) ?? shelf.emptyKg;
  shelf.spec.capacityKg = grossKg - shelf.emptyKg;
  calibrated(step, shelf);
}

export function onSetCapacity(step: CalibrationStep, shelfId: string, capacityKg: number): void {
  const shelf = step.state.shelves[shelfId];
  if (!shelf || !(capacityKg > 0)) return;
  shelf.spec.capacityKg = capacityKg;
  calibrated(step, shelf);
}

export function onConfigureShelves(step: CalibrationStep, specs: readonly ShelfSpec[]): void {
  const { state, config } = step;
  const shelves: Record<string, ShelfTrack> = {};
  for (const spec of specs) {
    const existing = state.shelves[spec.id];
    if (!existing) {
      shelves[spec.id] = newShelfTrack(spec, config);
      continue;
    }
    if (existing.spec.tareKg !== spec.tareKg) {
      // A new tare is a calibration: the stock is re-read against it at once.
      existing.emptyKg = spec.tareKg;
      existing.clampedFromKg = null;
      existing.driftSinceCleanKg = 0;
      existing.unwatchedMs = 0;
    }
    existing.spec = { ...spec };
    shelves[spec.id] = existing;
  }
  state.shelves = shelves;
  state.shelfIds = specs.map((s) => s.id);
  const session = state.session;
  if (session) {
    for (const id of Object.keys(session.shelves)) if (!shelves[id]) delete session.shelves[id];
  }
}
