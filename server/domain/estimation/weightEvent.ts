import { restoreLevelsBeforeHands } from './coarseSession';
import { observeCoarseRun } from './coarseSteps';
import type { EstimatorConfig } from './config';
import { finish, type Step } from './estimatorStep';
import { COARSE_STEP_KG, observeResolution, resolutionKg, shelfConfig } from './resolution';
import { openStepSession } from './sessionOpen';
import { addSessionReading, sessionIsSettled } from './sessionSettle';
import { checkShelfFaults } from './shelfFaults';
import { trackIdleReading } from './shelfLevel';
import { continueShutExcursion, doorWatchedShut, startShutExcursion } from './shutDoor';
import { recordThermalSample, thermalOffsetKg } from './thermal';
import type { ShelfTrack, TimedKg } from './types';

/** A load cell's reading: faults, the session in progress, a shut door's excursion, or a step. */

export function onWeight(step: Step, shelfId: string, raw: TimedKg): void {
  const { state, config } = step;
  const shelf = state.shelves[shelfId];
  if (!shelf) return;
  if (shelf.lastReadingAtMs !== null && raw.atMs < shelf.lastReadingAtMs) return;
  const reading = { atMs: raw.atMs, kg: raw.kg - thermalOffsetKg(shelf, state.temperature, raw.atMs) };
  observeResolution(shelf, raw.kg);
  const shelfRules = shelfConfig(shelf, config);
  // Hands on a shelf while the door is open are not a faulty sensor.
  const watchSpikes = state.session === null && state.door?.open !== true;
  const fault = checkShelfFaults(shelf, reading, raw.kg, watchSpikes, shelfRules);
  if (fault.doubtChangedTo !== undefined) {
    step.effects.push({
      type: 'shelfDoubtChanged',
      fridgeId: state.fridgeId,
      shelfId,
      reason: fault.doubtChangedTo,
      atMs: reading.atMs,
    });
  }
  if (!fault.usable) return;
  const session = state.session;
  if (session) {
    addSessionReading(session, shelfId, reading, shelfRules);
    if (sessionIsSettled(state, config)) finish(step, 'clean');
    return;
  }
  if (shelf.shutExcursion) {
    shutExcursionReading(step, shelfId, shelf, reading, shelfRules);
    return;
  }
  if (coarseStepSession(step, shelf, raw)) return;
  const outcome = trackIdleReading(shelf, reading, shelfRules);
  if (outcome.kind === 'tracked' && outcome.inlier) recordThermalSample(shelf, reading, state.temperature);
  if (outcome.kind !== 'step') return;
  if (doorWatchedShut(state)) {
    // The door sensor says shut: no food moved. Hold the level and see whether it comes back.
    startShutExcursion(shelf, outcome.sinceMs, reading);
    shutExcursionReading(step, shelfId, shelf, reading, shelfRules);
    return;
  }
  restoreLevelsBeforeHands(state, outcome.sinceMs);
  openStepSession(state, outcome.sinceMs, config);
  if (sessionIsSettled(state, config)) finish(step, 'clean');
}

/** A pantry on a coarse scale: a clean one-step move is a visit (see `coarseSteps.ts`). */
function coarseStepSession(step: Step, shelf: ShelfTrack, raw: TimedKg): boolean {
  // Runs are followed from a whole-kilogram scale's first reading, acted on once its step is believed.
  if (step.state.door !== null || shelf.resolution.kg < COARSE_STEP_KG) return false;
  const moved = observeCoarseRun(shelf, raw.kg, raw.atMs);
  if (!moved || resolutionKg(shelf) < COARSE_STEP_KG || shelf.levelKg === null || shelf.needsRebase)
    return false;
  restoreLevelsBeforeHands(step.state, moved.sinceMs);
  if (moved.levelBeforeKg !== null) shelf.levelKg = moved.levelBeforeKg;
  openStepSession(step.state, moved.sinceMs, step.config);
  if (sessionIsSettled(step.state, step.config)) finish(step, 'clean');
  return true;
}

function shutExcursionReading(
  step: Step,
  shelfId: string,
  shelf: ShelfTrack,
  reading: TimedKg,
  shelfRules: EstimatorConfig,
): void {
  const outcome = continueShutExcursion(shelf, reading, shelfRules);
  if ((outcome !== 'flagged' && outcome !== 'unflagged') || shelf.doubt !== null) return;
  step.effects.push({
    type: 'shelfDoubtChanged',
    fridgeId: step.state.fridgeId,
    shelfId,
    reason: outcome === 'flagged' ? 'changed-while-shut' : null,
    atMs: reading.atMs,
  });
}
