import type { FridgeKind, SensorValue } from '../contract';
import type { FaultKind, FaultSpec } from './faults';

/** One load cell under one shelf. */
export interface SimulatedShelf {
  /** Shelf id, a slug; it is a topic level. */
  id: string;
  /** Weight of the empty shelf on the load cell; the cell reports it in every reading. */
  tareKg: number;
  /** Most food the shelf holds; restocks never fill beyond it. */
  capacityKg: number;
}

/** What the model needs to know about a fridge (or pantry). */
export interface SimulatedFridge {
  fridgeId: string;
  /** A pantry has no door sensor and no temperature probe. */
  kind: FridgeKind;
  shelves: readonly SimulatedShelf[];
  /** What goes wrong, and when (`faults.ts`); nothing by default. */
  faults?: readonly FaultSpec[];
}

/** What the sensors report: the contract's sensor values, without device status. */
export type SimulatedSensorValue = Extract<SensorValue, { kind: 'door' | 'temperature' | 'weight' }>;

/** One measurement the device takes, at the simulated moment `atMs`. */
export interface SensorReading {
  atMs: number;
  fridgeId: string;
  value: SimulatedSensorValue;
}

/** Who opened the door: a neighbour taking food, a neighbour leaving some, or a volunteer. */
export type SessionKind = 'visit' | 'donation' | 'restock';

/** The true change of a shelf during one session. */
export interface StockChange {
  shelfId: string;
  atMs: number;
  /** Negative when food was taken. */
  deltaKg: number;
}

export type TruthEvent =
  | { type: 'initial' }
  | { type: 'session-start'; sessionId: string; kind: SessionKind }
  | { type: 'stock-change'; sessionId: string; kind: SessionKind; shelfId: string; deltaKg: number }
  | { type: 'session-end'; sessionId: string; kind: SessionKind; takenKg: number; addedKg: number }
  /** A fault of the fridge began or ended; `active` lists those on from now. */
  | { type: 'faults'; active: FaultKind[] };

/**
 * One line of the ground-truth timeline: the true net stock (no tare, noise or drift) right after
 * `event` happened at simulated time `t`. Stock only changes at these records.
 */
export interface TruthRecord {
  t: number;
  fridgeId: string;
  /** True net kg per shelf id. */
  shelves: Record<string, number>;
  /** Always false for a pantry, which has no door. */
  doorOpen: boolean;
  event: TruthEvent;
}

/** A finished door session (or pantry visit) with its true effect. */
export interface SessionRecord {
  sessionId: string;
  fridgeId: string;
  kind: SessionKind;
  startMs: number;
  endMs: number;
  /** Signed true change per shelf it touched. */
  deltaKgByShelf: Record<string, number>;
  takenKg: number;
  addedKg: number;
}

/** The true state of a fridge at `atMs`, for the demo and for tests. */
export interface FridgeTruth {
  atMs: number;
  fridgeId: string;
  shelves: Record<string, number>;
  totalKg: number;
  doorOpen: boolean;
  /** The session in progress, if any. */
  session: { sessionId: string; kind: SessionKind; startMs: number } | null;
  /** True air temperature; null for a pantry. */
  airCelsius: number | null;
  /** Faults on now, of the fridge and of its device. */
  faults: FaultKind[];
}
