import type { ShelfSpec } from '../stock';
import { newShelfTrack, onConfigureShelves, onMarkFull, onSetCapacity, onTare } from './calibration';
import { DEFAULT_ESTIMATOR_CONFIG, type EstimatorConfig } from './config';
import { onDoor, splitHandOver } from './doorEvent';
import { cloneState } from './estimatorClone';
import { finish, type Step } from './estimatorStep';
import { publishIfChanged } from './publishEstimate';
import { reopenedForAVisit } from './sessionOpen';
import { sessionIsSettled, sessionTimedOut } from './sessionSettle';
import { expireShutChanges } from './shutDoor';
import type { EstimatorEvent, EstimatorState, EstimatorStep, ShelfTrack } from './types';
import { onWeight } from './weightEvent';

/** A fridge (or pantry) before its first reading. Plain data: persist it as JSON. */
export function createEstimatorState(
  fridgeId: string,
  shelves: readonly ShelfSpec[],
  config: EstimatorConfig = DEFAULT_ESTIMATOR_CONFIG,
): EstimatorState {
  const tracks: Record<string, ShelfTrack> = {};
  for (const spec of shelves) tracks[spec.id] = newShelfTrack(spec, config);
  return {
    fridgeId,
    shelfIds: shelves.map((s) => s.id),
    shelves: tracks,
    door: null,
    session: null,
    temperature: null,
    published: null,
  };
}

function runTimeouts(step: Step): void {
  if (step.state.door?.open === true && reopenedForAVisit(step.state.session, step.nowMs, step.config))
    splitHandOver(step);
  step.effects.push(...expireShutChanges(step.state, step.nowMs));
  if (sessionTimedOut(step.state, step.nowMs, step.config)) finish(step, 'timeout');
  // A door deemed left open may already have settled with the readings it has.
  else if (sessionIsSettled(step.state, step.config)) finish(step, 'clean');
}

/**
 * Whether a `tick` can change this state: `runTimeouts` acts only on an open session (door left
 * open, settle timeout, a hand-over) or a shelf's pending `shutChange`, and `publishIfChanged`
 * reads nothing but the state, which the step that made it has already published. A caller with
 * thousands of fridges ticks only these (issue 12); a tick of any other state returns an equal
 * state and no effect (tests/server/domain/estimation/tickNeeded.test.ts).
 */
export function tickCanChange(state: EstimatorState): boolean {
  if (state.session !== null) return true;
  for (const id of state.shelfIds) if (state.shelves[id]?.shutChange) return true;
  return false;
}

function onTemperature(step: Step, celsius: number, atMs: number): void {
  const previous = step.state.temperature;
  if (previous && atMs < previous.atMs) return;
  step.state.temperature = { celsius, atMs, referenceCelsius: previous?.referenceCelsius ?? celsius };
}

function applyEvent(step: Step, event: EstimatorEvent): void {
  switch (event.type) {
    case 'weight':
      onWeight(step, event.shelfId, { atMs: event.measuredAtMs, kg: event.grossKg });
      return;
    case 'door':
      onDoor(step, event.open, event.measuredAtMs);
      return;
    case 'temperature':
      onTemperature(step, event.celsius, event.measuredAtMs);
      return;
    case 'tick':
      return;
    case 'tare':
      onTare(step, event.shelfId);
      return;
    case 'markFull':
      onMarkFull(step, event.shelfId);
      return;
    case 'setCapacity':
      onSetCapacity(step, event.shelfId, event.capacityKg);
      return;
    case 'configureShelves':
      onConfigureShelves(step, event.shelves);
      return;
  }
}

/**
 * The estimator: one pure step per event for one fridge. `nowMs` is the server's clock when the
 * event is applied; it drives the timeouts and dates the calibrations. Readings and door events
 * carry their own measured time.
 */
export function stepEstimator(
  state: EstimatorState,
  event: EstimatorEvent,
  nowMs: number,
  config: EstimatorConfig,
): EstimatorStep {
  return stepOn({ state: cloneState(state), effects: [], nowMs, config }, event);
}

/**
 * `stepEstimator` without the copy: it steps `state` itself and returns it. For a caller that owns
 * the state and drops the old one at once: the server holds 10,000 of them, and a copy of a whole
 * state per reading, each kept until the fridge's next reading 12 s later, was a quarter of its CPU
 * and most of its old-generation garbage (issue 12, docs/scaling.md). Same states and effects as
 * `stepEstimator` (tests/server/domain/estimation/stepInPlace.test.ts). A state read back from JSON
 * goes through `ownedEstimatorState` first, which fills fields older versions lacked.
 */
export function stepEstimatorInPlace(
  state: EstimatorState,
  event: EstimatorEvent,
  nowMs: number,
  config: EstimatorConfig,
): EstimatorStep {
  return stepOn({ state, effects: [], nowMs, config }, event);
}

/** A copy of `state` (from a snapshot, perhaps of an older version) that `stepEstimatorInPlace` may own. */
export const ownedEstimatorState = (state: EstimatorState): EstimatorState => cloneState(state);

function stepOn(step: Step, event: EstimatorEvent): EstimatorStep {
  runTimeouts(step);
  applyEvent(step, event);
  runTimeouts(step);
  publishIfChanged(step);
  return { state: step.state, effects: step.effects };
}
