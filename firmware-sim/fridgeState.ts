import { AIR, fridgeAirAfterCelsius, roomCelsiusAt, TEMPERATURE_INTERVAL_MS } from './airTemperature';
import { nextArrivalCandidateMs } from './arrivals';
import { type FaultKind, faultActive, MODEL_FAULTS, nextFaultEdgeMs, type ScheduledFault } from './faults';
import { drawLoadCellCharacter, type LoadCellCharacter, WEIGHT_INTERVAL_MS } from './loadCell';
import { createRng, deriveSeed, uniform } from './prng';
import type { BehaviourProfile } from './profiles';
import { roundKg } from './sessionPlanner';
import type {
  FridgeTruth,
  SessionKind,
  SimulatedFridge,
  StockChange,
  TruthEvent,
  TruthRecord,
} from './types';

/*
 * The state of one simulated fridge: how it starts, and what is true about it at any moment.
 * How it moves through time is in `fridgeModel.ts`.
 */

export interface ShelfState {
  /** Empty shelf on the load cell, copied from the configuration. */
  tareKg: number;
  /** True net food on the shelf. */
  stockKg: number;
  /** Load-cell drift as of `driftAtMs`. */
  driftKg: number;
  driftAtMs: number;
  nextReadingAtMs: number;
  character: LoadCellCharacter;
}

export interface ActiveSession {
  sessionId: string;
  kind: SessionKind;
  startMs: number;
  endMs: number;
  changes: StockChange[];
  /** Changes before this index have happened. */
  appliedChanges: number;
}

/**
 * Everything the model knows about one fridge. Plain data: `stepFridge` never mutates it, and
 * the random generator's state is part of it, so a state alone determines what happens next.
 */
export interface FridgeModelState {
  readonly fridge: SimulatedFridge;
  readonly profile: BehaviourProfile;
  /** Local time of the fridge, which shapes the visit rate by hour. */
  readonly utcOffsetMinutes: number;
  /** The model has been advanced up to here. */
  nowMs: number;
  rngState: number;
  /** True air temperature (room temperature for a pantry) as of `airAtMs`. */
  airCelsius: number;
  airAtMs: number;
  shelves: Record<string, ShelfState>;
  /** Null for a pantry, which has no probe. */
  nextTemperatureReadingAtMs: number | null;
  /** Next candidate arrivals (see `arrivals.ts`). */
  nextVisitCandidateAtMs: number;
  nextRestockCandidateAtMs: number;
  /** A volunteer arrived while the door was busy and waits for the session to end. */
  restockWaiting: boolean;
  pendingRestockAtMs: number | null;
  session: ActiveSession | null;
  sessionCount: number;
  /** Every fault of this fridge and its device, in epoch ms; the model plays the fridge's own. */
  readonly faults: readonly ScheduledFault[];
  /** The next start or end of one of the model's faults; Infinity when none is left. */
  nextFaultEdgeAtMs: number;
  /** Fault flags as of the last edge. */
  coolingOff: boolean;
  doorLeftOpen: boolean;
  probeUnplugged: boolean;
}

export interface FridgeModelOptions {
  /**
   * Seed of the whole run. Each fridge draws from its own stream derived from it and its id, so
   * adding a fridge to a scenario leaves the others unchanged.
   */
  seed: number;
  startMs: number;
  profile: BehaviourProfile;
  utcOffsetMinutes: number;
  /** Faults on the model's timeline (`scheduleFaults`); none by default. */
  faults?: readonly ScheduledFault[];
}

/** The fault flags at `atMs`, read from the schedule. */
export function faultFlagsAt(faults: readonly ScheduledFault[], atMs: number) {
  return {
    coolingOff: faultActive(faults, 'compressorFailure', atMs) || faultActive(faults, 'powerCut', atMs),
    doorLeftOpen: faultActive(faults, 'doorLeftOpen', atMs),
    probeUnplugged: faultActive(faults, 'probeUnplugged', atMs),
  };
}

/** The load cells are calibrated where they work: in the cold, or at room temperature in a pantry. */
export function calibrationCelsius(fridge: SimulatedFridge): number {
  return fridge.kind === 'fridge' ? AIR.setpointCelsius : AIR.roomMeanCelsius;
}

export function createFridgeState(fridge: SimulatedFridge, options: FridgeModelOptions): FridgeModelState {
  const rng = createRng(deriveSeed(options.seed, `fridge:${fridge.fridgeId}`));
  const { startMs, profile, utcOffsetMinutes } = options;
  const shelves: Record<string, ShelfState> = {};
  for (const shelf of fridge.shelves) {
    const fill = uniform(rng, profile.initialFillFraction.min, profile.initialFillFraction.max);
    shelves[shelf.id] = {
      tareKg: shelf.tareKg,
      stockKg: roundKg(shelf.capacityKg * fill),
      driftKg: 0,
      driftAtMs: startMs,
      // Staggered, as independent cells would be.
      nextReadingAtMs: Math.round(startMs + uniform(rng, 0, WEIGHT_INTERVAL_MS.max)),
      character: drawLoadCellCharacter(rng),
    };
  }
  const isFridge = fridge.kind === 'fridge';
  const faults = options.faults ?? [];
  return {
    fridge,
    profile,
    utcOffsetMinutes,
    nowMs: startMs,
    airCelsius: isFridge ? AIR.setpointCelsius : roomCelsiusAt(startMs, utcOffsetMinutes),
    airAtMs: startMs,
    shelves,
    nextTemperatureReadingAtMs: isFridge
      ? Math.round(startMs + uniform(rng, 0, TEMPERATURE_INTERVAL_MS))
      : null,
    nextVisitCandidateAtMs: nextArrivalCandidateMs(rng, startMs, profile.visits),
    nextRestockCandidateAtMs: nextArrivalCandidateMs(rng, startMs, profile.restocks),
    restockWaiting: false,
    pendingRestockAtMs: null,
    session: null,
    sessionCount: 0,
    faults,
    nextFaultEdgeAtMs: nextFaultEdgeMs(faults, MODEL_FAULTS, startMs),
    ...faultFlagsAt(faults, startMs),
    rngState: rng.state(),
  };
}

export function cloneState(state: FridgeModelState): FridgeModelState {
  const shelves: Record<string, ShelfState> = {};
  for (const [id, shelf] of Object.entries(state.shelves)) shelves[id] = { ...shelf };
  const session = state.session ? { ...state.session, changes: [...state.session.changes] } : null;
  return { ...state, shelves, session };
}

export const doorIsOpen = (state: FridgeModelState) =>
  state.fridge.kind === 'fridge' && (state.session !== null || state.doorLeftOpen);

/** True air temperature at `atMs`; needs no randomness, so it can be asked at any time. */
export function airCelsiusAt(state: FridgeModelState, atMs: number): number {
  if (state.fridge.kind === 'pantry') return roomCelsiusAt(atMs, state.utcOffsetMinutes);
  const roomCelsius = roomCelsiusAt(state.airAtMs, state.utcOffsetMinutes);
  return fridgeAirAfterCelsius(state.airCelsius, doorIsOpen(state), roomCelsius, atMs - state.airAtMs, {
    cooling: !state.coolingOff,
  });
}

export function stockSnapshot(state: FridgeModelState): Record<string, number> {
  const shelves: Record<string, number> = {};
  for (const shelf of state.fridge.shelves) shelves[shelf.id] = state.shelves[shelf.id]?.stockKg ?? 0;
  return shelves;
}

export function truthRecordOf(state: FridgeModelState, atMs: number, event: TruthEvent): TruthRecord {
  return {
    t: atMs,
    fridgeId: state.fridge.fridgeId,
    shelves: stockSnapshot(state),
    doorOpen: doorIsOpen(state),
    event,
  };
}

/** The true state as of the time the model was last advanced to. */
export function fridgeTruth(state: FridgeModelState): FridgeTruth {
  const shelves = stockSnapshot(state);
  const { session } = state;
  return {
    atMs: state.nowMs,
    fridgeId: state.fridge.fridgeId,
    shelves,
    totalKg: roundKg(Object.values(shelves).reduce((sum, kg) => sum + kg, 0)),
    doorOpen: doorIsOpen(state),
    session: session ? { sessionId: session.sessionId, kind: session.kind, startMs: session.startMs } : null,
    airCelsius: state.fridge.kind === 'fridge' ? airCelsiusAt(state, state.nowMs) : null,
    faults: activeFaultKinds(state.faults, state.nowMs),
  };
}

/** The kinds of fault on at `atMs`, fridge and device alike, each once. */
export function activeFaultKinds(faults: readonly ScheduledFault[], atMs: number): FaultKind[] {
  return [...new Set(faults.filter((f) => f.startMs <= atMs && atMs < f.endMs).map((f) => f.kind))];
}
