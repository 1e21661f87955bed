import { readProbeCelsius, TEMPERATURE_INTERVAL_MS } from './airTemperature';
import { acceptArrival, nextArrivalCandidateMs } from './arrivals';
import { MODEL_FAULTS, nextFaultEdgeMs } from './faults';
import {
  type ActiveSession,
  activeFaultKinds,
  airCelsiusAt,
  calibrationCelsius,
  cloneState,
  doorIsOpen,
  type FridgeModelState,
  faultFlagsAt,
  stockSnapshot,
  truthRecordOf,
} from './fridgeState';
import { driftAfterKg, LOAD_CELL, readLoadCellKg, WEIGHT_INTERVAL_MS } from './loadCell';
import { createRng, type Rng, uniform } from './prng';
import { planSession, roundKg } from './sessionPlanner';
import type { SensorReading, SessionKind, SessionRecord, TruthRecord } from './types';

/*
 * The pure model's event loop: advances a fridge's state through time, drawing visits, restocks
 * and sensor readings. No I/O, no timers, no clock: time is whatever the caller asks for.
 */

export interface StepResult {
  state: FridgeModelState;
  /** What the sensors measured, in time order. */
  readings: SensorReading[];
  /** Ground truth at each change, in time order. */
  truth: TruthRecord[];
  /** Sessions that ended during the step. */
  sessions: SessionRecord[];
}

type DueEvent =
  | { type: 'fault-edge'; atMs: number }
  | { type: 'stock-change'; atMs: number }
  | { type: 'session-end'; atMs: number }
  | { type: 'temperature'; atMs: number }
  | { type: 'weight'; atMs: number; shelfId: string }
  | { type: 'pending-restock'; atMs: number }
  | { type: 'restock-candidate'; atMs: number }
  | { type: 'visit-candidate'; atMs: number };

/**
 * The earliest scheduled event. On a tie the more urgent one wins (a stock change before the door
 * closes, a reading before a new visit), always the same way, so runs are deterministic.
 * Written without temporary arrays: it runs once per event, millions of times in a long scenario.
 */
function nextDueEvent(state: FridgeModelState): DueEvent {
  const { session } = state;
  const change = session?.changes[session.appliedChanges];
  let earliest: DueEvent = { type: 'visit-candidate', atMs: state.nextVisitCandidateAtMs };
  // Considered from the lowest priority up; `<=` lets a later (higher priority) candidate win a tie.
  if (state.nextRestockCandidateAtMs <= earliest.atMs)
    earliest = { type: 'restock-candidate', atMs: state.nextRestockCandidateAtMs };
  if (state.pendingRestockAtMs !== null && state.pendingRestockAtMs <= earliest.atMs)
    earliest = { type: 'pending-restock', atMs: state.pendingRestockAtMs };
  const shelves = state.fridge.shelves;
  for (let i = shelves.length - 1; i >= 0; i -= 1) {
    const shelfId = shelves[i]?.id ?? '';
    const atMs = state.shelves[shelfId]?.nextReadingAtMs ?? Number.POSITIVE_INFINITY;
    if (atMs <= earliest.atMs) earliest = { type: 'weight', atMs, shelfId };
  }
  const temperatureAtMs = state.nextTemperatureReadingAtMs;
  if (temperatureAtMs !== null && temperatureAtMs <= earliest.atMs)
    earliest = { type: 'temperature', atMs: temperatureAtMs };
  if (session && session.endMs <= earliest.atMs) earliest = { type: 'session-end', atMs: session.endMs };
  if (change && change.atMs <= earliest.atMs) earliest = { type: 'stock-change', atMs: change.atMs };
  // A fault starting or ending comes first: a reading at that very moment already sees it.
  if (state.nextFaultEdgeAtMs <= earliest.atMs)
    earliest = { type: 'fault-edge', atMs: state.nextFaultEdgeAtMs };
  return earliest;
}

/** Collects a step's outputs while the working copy of the state is mutated. */
interface StepContext {
  state: FridgeModelState;
  rng: Rng;
  output: Omit<StepResult, 'state'>;
}

/** Fixes the air temperature at `atMs` before the door changes, which changes its dynamics. */
function settleAir(state: FridgeModelState, atMs: number): void {
  state.airCelsius = airCelsiusAt(state, atMs);
  state.airAtMs = atMs;
}

function startSession(ctx: StepContext, kind: SessionKind, atMs: number): void {
  const { state, rng, output } = ctx;
  const plan = planSession(rng, kind, atMs, state.profile, state.fridge.shelves, stockSnapshot(state));
  settleAir(state, atMs);
  state.sessionCount += 1;
  const sessionId = `${state.fridge.fridgeId}-${state.sessionCount}`;
  state.session = {
    sessionId,
    kind,
    startMs: atMs,
    endMs: plan.endMs,
    changes: plan.changes,
    appliedChanges: 0,
  };
  if (state.fridge.kind === 'fridge')
    output.readings.push({ atMs, fridgeId: state.fridge.fridgeId, value: { kind: 'door', open: true } });
  output.truth.push(truthRecordOf(state, atMs, { type: 'session-start', sessionId, kind }));
}

function applyStockChange(ctx: StepContext, session: ActiveSession): void {
  const change = session.changes[session.appliedChanges];
  if (!change) return;
  session.appliedChanges += 1;
  const shelf = ctx.state.shelves[change.shelfId];
  if (shelf) shelf.stockKg = roundKg(Math.max(0, shelf.stockKg + change.deltaKg));
  ctx.output.truth.push(
    truthRecordOf(ctx.state, change.atMs, {
      type: 'stock-change',
      sessionId: session.sessionId,
      kind: session.kind,
      shelfId: change.shelfId,
      deltaKg: change.deltaKg,
    }),
  );
}

function endSession(ctx: StepContext, session: ActiveSession): void {
  const { state, rng, output } = ctx;
  const atMs = session.endMs;
  settleAir(state, atMs);
  state.session = null;
  const deltaKgByShelf: Record<string, number> = {};
  for (const change of session.changes)
    deltaKgByShelf[change.shelfId] = roundKg((deltaKgByShelf[change.shelfId] ?? 0) + change.deltaKg);
  const deltas = session.changes.map((change) => change.deltaKg);
  const takenKg = roundKg(deltas.filter((kg) => kg < 0).reduce((sum, kg) => sum - kg, 0));
  const addedKg = roundKg(deltas.filter((kg) => kg > 0).reduce((sum, kg) => sum + kg, 0));
  const { fridgeId } = state.fridge;
  // A visitor who leaves the door open (a `doorLeftOpen` fault) does not close it.
  if (state.fridge.kind === 'fridge' && !state.doorLeftOpen)
    output.readings.push({ atMs, fridgeId, value: { kind: 'door', open: false } });
  const { sessionId, kind } = session;
  output.truth.push(truthRecordOf(state, atMs, { type: 'session-end', sessionId, kind, takenKg, addedKg }));
  output.sessions.push({
    sessionId,
    fridgeId,
    kind,
    startMs: session.startMs,
    endMs: atMs,
    deltaKgByShelf,
    takenKg,
    addedKg,
  });
  if (state.restockWaiting) {
    // The volunteer steps up once the neighbour is done.
    state.restockWaiting = false;
    state.pendingRestockAtMs = Math.round(atMs + uniform(rng, 5_000, 30_000));
  }
}

function readWeight(ctx: StepContext, shelfId: string, atMs: number): void {
  const { state, rng, output } = ctx;
  const shelfState = state.shelves[shelfId];
  if (!shelfState) return;
  shelfState.driftKg = driftAfterKg(rng, shelfState.driftKg, atMs - shelfState.driftAtMs);
  shelfState.driftAtMs = atMs;
  const { session } = state;
  const handsOnShelfProbability = !session
    ? 0
    : session.changes.some((change) => change.shelfId === shelfId)
      ? LOAD_CELL.handsOnActiveShelfProbability
      : LOAD_CELL.handsOnOtherShelfProbability;
  const kg = readLoadCellKg(rng, {
    tareKg: shelfState.tareKg,
    stockKg: shelfState.stockKg,
    driftKg: shelfState.driftKg,
    character: shelfState.character,
    celsiusFromCalibration: airCelsiusAt(state, atMs) - calibrationCelsius(state.fridge),
    handsOnShelfProbability,
  });
  output.readings.push({ atMs, fridgeId: state.fridge.fridgeId, value: { kind: 'weight', shelfId, kg } });
  shelfState.nextReadingAtMs = Math.round(
    atMs + uniform(rng, WEIGHT_INTERVAL_MS.min, WEIGHT_INTERVAL_MS.max),
  );
}

function readTemperature(ctx: StepContext, atMs: number): void {
  const { state, rng, output } = ctx;
  // Drawn even when unplugged, so the fault changes nothing but the missing readings.
  const celsius = readProbeCelsius(rng, airCelsiusAt(state, atMs));
  if (!state.probeUnplugged)
    output.readings.push({ atMs, fridgeId: state.fridge.fridgeId, value: { kind: 'temperature', celsius } });
  state.nextTemperatureReadingAtMs = atMs + TEMPERATURE_INTERVAL_MS;
}

/** A fault of the fridge starts or ends: the air settles first, the door may move. */
function changeFaults(ctx: StepContext, atMs: number): void {
  const { state, output } = ctx;
  const wasOpen = doorIsOpen(state);
  const flags = faultFlagsAt(state.faults, atMs);
  // The air's course changes only with the door or the cooling (settling it needlessly would
  // round differently, and an unplugged probe must change nothing but the missing readings).
  if (flags.coolingOff !== state.coolingOff || flags.doorLeftOpen !== state.doorLeftOpen)
    settleAir(state, atMs);
  Object.assign(state, flags);
  state.nextFaultEdgeAtMs = nextFaultEdgeMs(state.faults, MODEL_FAULTS, atMs);
  const open = doorIsOpen(state);
  if (open !== wasOpen)
    output.readings.push({ atMs, fridgeId: state.fridge.fridgeId, value: { kind: 'door', open } });
  const active = activeFaultKinds(state.faults, atMs).filter((kind) => MODEL_FAULTS.has(kind));
  output.truth.push(truthRecordOf(state, atMs, { type: 'faults', active }));
}

function handleEvent(ctx: StepContext, event: DueEvent): void {
  const { state, rng } = ctx;
  const { profile, utcOffsetMinutes } = state;
  switch (event.type) {
    case 'fault-edge':
      changeFaults(ctx, event.atMs);
      return;
    case 'stock-change':
      if (state.session) applyStockChange(ctx, state.session);
      return;
    case 'session-end':
      if (state.session) endSession(ctx, state.session);
      return;
    case 'temperature':
      readTemperature(ctx, event.atMs);
      return;
    case 'weight':
      readWeight(ctx, event.shelfId, event.atMs);
      return;
    case 'pending-restock':
      state.pendingRestockAtMs = null;
      // Nobody comes to a door left open (whoever came would close it, ending the fault).
      if (state.doorLeftOpen) return;
      if (state.session) state.restockWaiting = true;
      else startSession(ctx, 'restock', event.atMs);
      return;
    case 'restock-candidate': {
      state.nextRestockCandidateAtMs = nextArrivalCandidateMs(rng, event.atMs, profile.restocks);
      if (!acceptArrival(rng, profile.restocks, event.atMs, utcOffsetMinutes)) return;
      if (state.doorLeftOpen) return;
      if (state.session || state.pendingRestockAtMs !== null) state.restockWaiting = true;
      else startSession(ctx, 'restock', event.atMs);
      return;
    }
    case 'visit-candidate': {
      state.nextVisitCandidateAtMs = nextArrivalCandidateMs(rng, event.atMs, profile.visits);
      if (!acceptArrival(rng, profile.visits, event.atMs, utcOffsetMinutes)) return;
      // A neighbour who finds someone at the fridge walks on (no queue at a street fridge).
      if (state.session || state.doorLeftOpen) return;
      startSession(ctx, rng.next() < profile.donationShare ? 'donation' : 'visit', event.atMs);
      return;
    }
  }
}

/**
 * Advances one fridge to `untilMs`, handling every event due up to and including it. Pure: the
 * input state is left untouched. Randomness is drawn only inside events, so advancing in one
 * step or in many small ones gives identical results.
 */
export function stepFridge(state: FridgeModelState, untilMs: number): StepResult {
  if (untilMs < state.nowMs)
    throw new RangeError(`untilMs ${untilMs} is before the model's time ${state.nowMs}`);
  const working = cloneState(state);
  const rng = createRng(working.rngState);
  const ctx: StepContext = { state: working, rng, output: { readings: [], truth: [], sessions: [] } };
  for (let event = nextDueEvent(working); event.atMs <= untilMs; event = nextDueEvent(working)) {
    handleEvent(ctx, event);
  }
  working.nowMs = untilMs;
  working.rngState = rng.state();
  return { state: working, ...ctx.output };
}
