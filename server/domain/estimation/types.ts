import type { StockLevel } from '../../../contract/api';
import type { ShelfSpec } from '../stock';
import type { DriftRateTrack } from './driftRate';

/** Times are epoch milliseconds throughout; weights are kilograms. */

/** What the estimator is told. Calibrations take effect at the `nowMs` they are applied with. */
export type EstimatorEvent =
  /** One load-cell reading: gross kg (tare included), measured at `measuredAtMs`. */
  | { type: 'weight'; shelfId: string; grossKg: number; measuredAtMs: number }
  /** The door sensor (a pantry has none and never sends this). */
  | { type: 'door'; open: boolean; measuredAtMs: number }
  /** The air in the fridge: lets the estimator learn and correct each cell's temperature drift. */
  | { type: 'temperature'; celsius: number; measuredAtMs: number }
  /** Time passed without a reading: lets settle and door timeouts fire. */
  | { type: 'tick' }
  /** The shelf is empty now: its current reading becomes its tare. */
  | { type: 'tare'; shelfId: string }
  /** The shelf is full now: its current stock becomes its capacity. */
  | { type: 'markFull'; shelfId: string }
  | { type: 'setCapacity'; shelfId: string; capacityKg: number }
  /** The fridge's shelves as configured now: adds, removes and re-tares shelves. */
  | { type: 'configureShelves'; shelves: readonly ShelfSpec[] };

/**
 * Why a shelf's figure is not to be trusted. `changed-while-shut`: its weight moved and stayed
 * moved with the door shut (a fault, a shelf that slipped, a door opening the sensor missed); the
 * stock was held, so the change is in the uncertainty until the flag expires or the shelf is tared.
 */
export type DoubtReason = 'stuck' | 'out-of-range' | 'jumping' | 'changed-while-shut';

/** How a session's end was read: all shelves settled, the settle timed out, or the door reopened. */
export type SettleQuality = 'clean' | 'timeout' | 'interrupted';

/** A door session (or, without a door sensor, a step change) measured once the shelves settled. */
export interface DoorSessionEffect {
  type: 'doorSession';
  fridgeId: string;
  /** Epoch ms the door opened (a step session: the first reading that moved). */
  openedAt: number;
  /** Epoch ms the door closed (a step session: the last reading that moved). */
  closedAt: number;
  /**
   * The moves: shelves whose weight changed by at least `minChangeKg`; negative when food left
   * the shelf. Food moved from one shelf to another shows here as a pair that cancels.
   */
  shelves: Array<{ shelfId: string; deltaKg: number }>;
  /** Food that came in (positive) or went out (negative): the sum of the moves, 0 below `minChangeKg`. */
  netKg: number;
  /** What left the fridge, from the net: `max(0, −netKg)`. A transfer between shelves is neither taken nor added. */
  takenKg: number;
  /** What came in, from the net: `max(0, netKg)`. */
  addedKg: number;
  /** `door` from the door sensor; `step` inferred from a step change with no door session. */
  source: 'door' | 'step';
  settle: SettleQuality;
}

export interface ShelfEstimate {
  shelfId: string;
  /** Food on the shelf; null until its first settled reading. */
  kg: number | null;
  capacityKg: number;
  percent: number | null;
  /** The estimate is the last good one: the sensor is not to be trusted right now. */
  doubtful: boolean;
  doubtReason: DoubtReason | null;
  /** ± kg, about two standard errors plus the drift absorbed since the last clean settle. */
  uncertaintyKg: number | null;
  /** Epoch ms of the last reading the estimate rests on. */
  asOf: number | null;
}

export interface StockEstimate {
  fridgeId: string;
  /** Sum over the shelves that have an estimate; null when none has. */
  kg: number | null;
  /** Capacity of the shelves counted in `kg` (all shelves while none has an estimate). */
  capacityKg: number;
  percent: number | null;
  level: StockLevel | null;
  /** Whole meals, `kg / kgPerMeal` rounded down. */
  meals: number | null;
  uncertaintyKg: number | null;
  /** Epoch ms: the estimate is as fresh as its stalest trusted shelf. */
  asOf: number | null;
  /** Some shelf's figure is doubtful. */
  doubtful: boolean;
  shelves: ShelfEstimate[];
}

export interface StockEstimatedEffect {
  type: 'stockEstimated';
  fridgeId: string;
  estimate: StockEstimate;
}

export interface ShelfDoubtChangedEffect {
  type: 'shelfDoubtChanged';
  fridgeId: string;
  shelfId: string;
  /** Null when the shelf is trusted again. */
  reason: DoubtReason | null;
  atMs: number;
}

/** A calibration changed a shelf's configuration; the server persists it. */
export interface ShelfCalibratedEffect {
  type: 'shelfCalibrated';
  fridgeId: string;
  shelf: ShelfSpec;
}

export type EstimatorEffect =
  | DoorSessionEffect
  | StockEstimatedEffect
  | ShelfDoubtChangedEffect
  | ShelfCalibratedEffect;

export interface TimedKg {
  atMs: number;
  kg: number;
}

/**
 * What a shelf has learned of its load cell's temperature coefficient (thermal.ts explains the
 * method). Kept here with the rest of the estimator's state, so thermal.ts and this file do not
 * import each other.
 */
export interface ThermalTrack {
  /** Pooled within-stretch sums: Σ(t−t̄)², Σ(x−x̄)(t−t̄), Σ(x−x̄)², readings, stretches. */
  tt: number;
  xt: number;
  xx: number;
  readings: number;
  stretches: number;
  /** The stretch in progress, as sums of offsets from its first reading (for numerical sense). */
  open: {
    x0: number;
    t0: number;
    n: number;
    x: number;
    t: number;
    xx: number;
    tt: number;
    xt: number;
  } | null;
  /** The coefficient the readings are corrected with now, kg per °C. */
  kgPerCelsius: number;
}

/**
 * What the estimator remembers about one shelf. Plain data (JSON-safe), so the server can persist
 * the whole state as a snapshot.
 */
export interface ShelfTrack {
  spec: ShelfSpec;
  /** The last few raw readings that passed the fault checks, oldest first. */
  recent: TimedKg[];
  lastReadingAtMs: number | null;
  /** Filtered gross reading of the shelf as it stands; null until the first settle. */
  levelKg: number | null;
  /** What the cell reads with the shelf empty: tare plus the drift absorbed since. */
  emptyKg: number;
  /** While a session's aftermath holds: the empty reading before the level clamped it down. */
  clampedFromKg: number | null;
  /** Until then, level changes are stock (recovery from a session); after, they are drift. */
  holdUntilMs: number;
  /** Readings averaged into the level since it was last set, for the uncertainty. */
  levelSamples: number;
  /** How the cell reads with temperature; stored readings and levels are corrected with it. */
  thermal: ThermalTrack;
  /** Drift the quiet periods measured: its rate carries the empty reading through sessions and holds. */
  driftRate: DriftRateTrack;
  /** `emptyKg` includes drift up to this time. */
  driftAppliedUntilMs: number | null;
  /** Time since the empty reading was last known (a tare) during which drift could not be watched. */
  unwatchedMs: number;
  /** Net drift absorbed into `emptyKg` since the last clean settle. */
  driftSinceCleanKg: number;
  /** Extra uncertainty left by a settle that timed out or was interrupted. */
  unsettledKg: number;
  /** Running estimate of one reading's noise (standard deviation). */
  noiseKg: number;
  /** The current run of identical raw values (uncorrected: a frozen cell repeats its raw value). */
  sameRun: { kg: number; sinceMs: number; count: number } | null;
  spikesAtMs: number[];
  /** Consecutive readings out of the plausible range; one alone is a spike, several a fault. */
  outOfRangeRun: number;
  doubt: { reason: Exclude<DoubtReason, 'changed-while-shut'>; sinceMs: number } | null;
  /**
   * With the door shut the readings left the level: held until they come back (a lean, a bump)
   * or settle elsewhere for `shutChangeConfirmMs` (flagged). Readings since it began.
   */
  shutExcursion: { sinceMs: number; readings: TimedKg[] } | null;
  /** A change with the door shut that stayed: the stock was held; flagged until `untilMs`. */
  shutChange: { atMs: number; deltaKg: number; untilMs: number } | null;
  /** The scale's step (1 g, 10 g, 1 kg...) as its readings show it, and how many readings showed it. */
  resolution: { kg: number; readings: number };
  /**
   * A coarse scale without a door sensor: the run of identical raw readings going on, and the value
   * the shelf last rested on (null after a flip to a neighbouring step). See `coarseSteps.ts`.
   */
  coarseRun?: CoarseRun | null;
  /** The last long rest of such a shelf, while what follows it may be a visit's hands. */
  coarseRest?: CoarseRest | null;
  /** After a fault clears, the next settled window sets the level (the stock cannot be traced). */
  needsRebase: boolean;
  asOfMs: number | null;
}

export interface SessionShelf {
  /** Level at the start of the session; null when the shelf had none (or was doubtful). */
  baselineKg: number | null;
  /** Readings that count for the settle: after the door closed, or since a step began. */
  post: TimedKg[];
  /** A pantry's coarse shelf: its runs when the session began (`coarseSteps.ts`). */
  coarseBefore?: CoarseRunsKept;
}

export interface CoarseRunsKept {
  run: CoarseRun;
  rest: CoarseRest | null;
}

export interface CoarseRun {
  kg: number;
  count: number;
  sinceMs: number;
  /** The shelf's level when the run began, before it followed the run's readings. */
  levelAtStartKg: number | null;
  restingKg: number | null;
  /** The run's latest reading (absent in states saved before it was kept). */
  lastMs?: number;
  /** Neighbouring steps the shelf flipped to since it came to rest on `restingKg`. */
  flippedKg?: number[];
}

/** A coarse shelf's rest (a confirmed run) that just ended: how long, when, and the level then. */
export interface CoarseRest {
  count: number;
  endMs: number;
  /** The first reading off the rest. */
  leftMs: number;
  /** A reading on the neighbouring step was taken for hands since: the next rest counts afresh. */
  handsSeen?: boolean;
  levelKg: number | null;
}

export interface SessionTrack {
  source: 'door' | 'step';
  openedAt: number;
  /** When the door closed (or was deemed left open); null while open. Step sessions: `openedAt`. */
  closedAt: number | null;
  /** The door stayed open past `doorOpenTimeoutMs`; its session settles as if it had closed. */
  heldOpen: boolean;
  /** Step sessions: time of the last reading of any shelf that had not settled. */
  lastActivityAt: number;
  /** When the door last opened within this session (a bounce reopens it); absent: `openedAt`. */
  lastOpenedAt?: number;
  /**
   * The door was open a while, shut, and opened again within `doorDebounceMs`: the switch bounced
   * on closing, or the next neighbour was at the handle. Which one shows from how long it stays open.
   */
  reopened?: { closedAt: number; reopenedAt: number } | null;
  shelves: Record<string, SessionShelf>;
}

/** The latest air temperature, and the one the corrections are relative to (the first seen). */
export interface FridgeTemperature {
  celsius: number;
  atMs: number;
  referenceCelsius: number;
}

export interface EstimatorState {
  fridgeId: string;
  /** Shelf ids in configured order. */
  shelfIds: string[];
  shelves: Record<string, ShelfTrack>;
  /** Null while no door event was seen (a pantry): sessions then come from step changes. */
  door: { open: boolean; sinceMs: number } | null;
  session: SessionTrack | null;
  /** Null for a fridge without a probe (a pantry): no temperature correction. */
  temperature: FridgeTemperature | null;
  /** What the last `stockEstimated` effect said, to emit only on change. */
  published: Record<string, { kg: number | null; doubt: DoubtReason | null; capacityKg: number }> | null;
}

export interface EstimatorStep {
  state: EstimatorState;
  effects: EstimatorEffect[];
}
