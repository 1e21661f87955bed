import type { ShelfSpec } from '../stock';
import { newShelfTrack, onConfigureShelves, onMarkFull, onSetCapacity, onTare } from './calibration';
import { restoreLevelsBeforeHands } from './coarseSession';
import { observeCoarseRun } from './coarseSteps';
import { DEFAULT_ESTIMATOR_CONFIG, type EstimatorConfig } from './config';
import { cloneDriftRateTrack } from './driftRate';
import { COARSE_STEP_KG, newResolution, observeResolution, resolutionKg, shelfConfig } from './resolution';
import { finishSession } from './sessionFinish';
import {
  convertToDoorSession,
  holdReopenedSession,
  openDoorSession,
  openStepSession,
  reopenDoorSession,
  reopenedForAVisit,
} from './sessionOpen';
import { addSessionReading, sessionIsSettled, sessionTimedOut } from './sessionSettle';
import { checkShelfFaults } from './shelfFaults';
import { shelfNetKg, trackIdleReading } from './shelfLevel';
import {
  continueShutExcursion,
  doorWatchedShut,
  endShutExcursions,
  expireShutChanges,
  shelfDoubtReason,
  startShutExcursion,
} from './shutDoor';
import { getStockEstimate } from './stockEstimate';
import { cloneThermalTrack, recordThermalSample, thermalOffsetKg } from './thermal';
import type {
  EstimatorEffect,
  EstimatorEvent,
  EstimatorState,
  EstimatorStep,
  SettleQuality,
  ShelfTrack,
  TimedKg,
} from './types';

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

/** A working copy the step may mutate, so that the caller's state is never touched. */
function cloneState(state: EstimatorState): EstimatorState {
  const shelves: Record<string, ShelfTrack> = {};
  for (const [id, shelf] of Object.entries(state.shelves)) {
    shelves[id] = {
      ...shelf,
      spec: { ...shelf.spec },
      thermal: cloneThermalTrack(shelf.thermal),
      driftRate: cloneDriftRateTrack(shelf.driftRate),
      recent: [...shelf.recent],
      sameRun: shelf.sameRun ? { ...shelf.sameRun } : null,
      spikesAtMs: [...shelf.spikesAtMs],
      doubt: shelf.doubt ? { ...shelf.doubt } : null,
      // States saved before these fields existed (a snapshot from an older version) lack them.
      clampedFromKg: shelf.clampedFromKg ?? null,
      shutExcursion: shelf.shutExcursion
        ? { ...shelf.shutExcursion, readings: [...shelf.shutExcursion.readings] }
        : null,
      shutChange: shelf.shutChange ? { ...shelf.shutChange } : null,
      resolution: shelf.resolution ? { ...shelf.resolution } : newResolution(),
    };
  }
  const session = state.session
    ? {
        ...state.session,
        shelves: Object.fromEntries(
          Object.entries(state.session.shelves).map(([id, s]) => [id, { ...s, post: [...s.post] }]),
        ),
      }
    : null;
  return {
    ...state,
    shelfIds: [...state.shelfIds],
    shelves,
    door: state.door ? { ...state.door } : null,
    session,
    temperature: state.temperature ? { ...state.temperature } : null,
  };
}

interface Step {
  state: EstimatorState;
  effects: EstimatorEffect[];
  nowMs: number;
  config: EstimatorConfig;
}

function finish(step: Step, quality: SettleQuality): void {
  const effect = finishSession(step.state, quality, step.nowMs, step.config);
  if (effect) step.effects.push(effect);
}

/**
 * The door shut for less than the debounce between two openings that each lasted longer: two
 * neighbours, one at the handle as the other let go. The first visit ends at its close with what
 * it has (no reading came in between: its change, if any, is read with the second visit).
 */
function splitHandOver(step: Step): void {
  const session = step.state.session;
  const reopened = session?.reopened;
  if (!session || !reopened) return;
  session.closedAt = reopened.closedAt;
  session.reopened = null;
  finish(step, 'interrupted');
  openDoorSession(step.state, reopened.reopenedAt, step.config);
}

function runTimeouts(step: Step): void {
  if (step.state.door?.open === true && reopenedForAVisit(step.state.session, step.nowMs, step.config))
    splitHandOver(step);
  step.effects.push(...expireShutChanges(step.state, step.nowMs));
  if (sessionTimedOut(step.state, step.nowMs, step.config)) finish(step, 'timeout');
  // A door deemed left open may already have settled with the readings it has.
  else if (sessionIsSettled(step.state, step.config)) finish(step, 'clean');
}

function onWeight(step: Step, shelfId: string, raw: TimedKg): void {
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

function onTemperature(step: Step, celsius: number, atMs: number): void {
  const previous = step.state.temperature;
  if (previous && atMs < previous.atMs) return;
  step.state.temperature = { celsius, atMs, referenceCelsius: previous?.referenceCelsius ?? celsius };
}

function onDoor(step: Step, open: boolean, atMs: number): void {
  const { state } = step;
  const door = state.door;
  if (door && (atMs < door.sinceMs || door.open === open)) return;
  state.door = { open, sinceMs: atMs };
  const session = state.session;
  if (open) {
    endShutExcursions(state);
    if (
      session?.source === 'door' &&
      session.closedAt !== null &&
      !session.heldOpen &&
      atMs - session.closedAt < step.config.doorDebounceMs
    ) {
      // Shut and open again within the debounce. After a blink open, the switch bounced and the
      // door never shut; after a real opening, how long it stays open now tells a bounce on
      // closing from the next neighbour at the handle.
      const openForMs = session.closedAt - (session.lastOpenedAt ?? session.openedAt);
      if (openForMs < step.config.doorDebounceMs) reopenDoorSession(session, atMs);
      else holdReopenedSession(session, atMs);
      return;
    }
    if (session?.source === 'step') convertToDoorSession(session, atMs);
    else {
      // Reopened before the shelves settled: read the last visit from what it has.
      if (session) finish(step, 'interrupted');
      openDoorSession(state, atMs, step.config);
    }
    return;
  }
  if (session?.reopened) {
    if (reopenedForAVisit(session, atMs, step.config)) splitHandOver(step);
    // Open again for a blink only: the closing bounced, the door shuts now.
    else reopenDoorSession(session, session.reopened.reopenedAt);
  }
  const current = state.session;
  if (current?.source === 'door' && current.closedAt === null) current.closedAt = atMs;
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

/** Emits `stockEstimated` when a shelf's figure moved by `minChangeKg` or its trust changed. */
function publishIfChanged(step: Step): void {
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
  const step: Step = { state: cloneState(state), effects: [], nowMs, config };
  runTimeouts(step);
  applyEvent(step, event);
  runTimeouts(step);
  publishIfChanged(step);
  return { state: step.state, effects: step.effects };
}
