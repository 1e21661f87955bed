import {
  type BehaviourProfile,
  REALISTIC_PROFILE,
  type ScenarioResult,
  type SimulatedFridge,
  simulateScenario,
} from '../../firmware-sim';
import { creepShelf, freezeShelf, restockDuringVisits } from './transforms';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Monday 2 June 2025, 00:00 local time at UTC+2 (CEST). */
export const UTC_OFFSET_MINUTES = 120;
export const START_MS = Date.UTC(2025, 5, 1, 22, 0, 0);

/** A four-shelf community fridge of 48 kg; tares as an aluminium shelf on a cell would read. */
export const BENCH_SHELVES = [
  { id: 'top', tareKg: 3.2, capacityKg: 12 },
  { id: 'upper', tareKg: 2.9, capacityKg: 12 },
  { id: 'lower', tareKg: 3.5, capacityKg: 12 },
  { id: 'bottom', tareKg: 3.1, capacityKg: 12 },
] as const;

export const benchFridge = (kind: 'fridge' | 'pantry'): SimulatedFridge => ({
  fridgeId: kind === 'fridge' ? 'bench-fridge' : 'bench-pantry',
  kind,
  shelves: BENCH_SHELVES.map((s) => ({ ...s })),
});

/** A Poisson arrival process whose hourly rate follows `[fromHour, toHourExclusive, perHour]`. */
const hourly = (
  byRange: ReadonlyArray<[from: number, to: number, perHour: number]>,
): BehaviourProfile['visits'] => {
  const perHourByHour = new Array<number>(24).fill(0);
  for (const [from, to, perHour] of byRange) for (let h = from; h < to; h += 1) perHourByHour[h] = perHour;
  return { kind: 'hourly', perHourByHour };
};

/** Evenings rush: quick visits every ~2.5 min from 17:00, after a restock in the afternoon. */
export const BUSY_EVENING_PROFILE: BehaviourProfile = {
  ...REALISTIC_PROFILE,
  name: 'busy-evening',
  visits: hourly([
    [0, 7, 0.2],
    [7, 12, 1],
    [12, 16, 1.5],
    [16, 17, 1],
    [17, 21, 24],
    [21, 22, 6],
    [22, 24, 1],
  ]),
  restocks: hourly([
    [9, 10, 1.5],
    [16, 17, 3],
  ]),
  visitDurationMs: { min: 5_000, max: 30_000 },
  takenKg: { min: 0.2, max: 2 },
  restockFillFraction: { min: 0.85, max: 1 },
};

/** Three times the realistic daytime traffic, and no restocks of the simulator's own (they are added in visits). */
export const RESTOCK_IN_VISIT_PROFILE: BehaviourProfile = {
  ...REALISTIC_PROFILE,
  name: 'restock-in-visit',
  visits: hourly([
    [0, 8, 1],
    [8, 12, 4.5],
    [12, 14, 7.5],
    [14, 17, 6],
    [17, 21, 12],
    [21, 24, 3],
  ]),
  restocks: hourly([]),
};

export interface ForecastWindow {
  fromMs: number;
  toMs: number;
  everyMs: number;
}

export interface BenchScenario {
  name: string;
  description: string;
  fridge: SimulatedFridge;
  /** Runs the simulator (and any transform of its output). */
  simulate: () => ScenarioResult;
  startMs: number;
  endMs: number;
  /** The metrics cover this window (history before it only trains the forecast). */
  measureFromMs: number;
  forecast?: ForecastWindow;
  /** Which true sessions a detector could see: a pantry only sees food that moved. */
  detectableOnly: boolean;
  /** A shelf frozen on purpose: when, and which. */
  fault?: { shelfId: string; fromMs: number; toMs: number };
  /** Shelf with an extra steady creep on its cell. */
  creep?: { shelfId: string; kgPerHour: number };
}

export interface ScenarioScale {
  /** Days of history before the busy evening (default 7). */
  historyDays?: number;
  /** Shortens the other scenarios (default 1); the tests run them at a fraction. */
  lengthFactor?: number;
  seed?: number;
}

export function run(
  fridge: SimulatedFridge,
  profile: BehaviourProfile,
  seed: number,
  startMs: number,
  durationMs: number,
): ScenarioResult {
  return simulateScenario({
    seed,
    fridges: [fridge],
    startMs,
    durationMs,
    profile,
    utcOffsetMinutes: UTC_OFFSET_MINUTES,
  });
}

/** The scenarios of `npm run bench:estimator`; `scale` shortens them for the tests. */
export function benchScenarios(scale: ScenarioScale = {}): BenchScenario[] {
  const seed = scale.seed ?? 20250602;
  const fridge = benchFridge('fridge');
  const pantry = benchFridge('pantry');
  const historyDays = scale.historyDays ?? 7;
  const factor = scale.lengthFactor ?? 1;
  const quietHours = 24 * factor;
  const driftHours = 48 * factor;

  const busyStart = START_MS;
  const busyEnd = busyStart + historyDays * DAY + 23 * HOUR;
  const eveningStart = busyStart + historyDays * DAY + 16 * HOUR;

  const stuckFrom = START_MS + 10 * HOUR;
  const stuckTo = START_MS + 14 * HOUR;
  const stuckHours = Math.max(16, 18 * factor);

  const restockStart = START_MS + 8 * HOUR;
  const restockHours = 12 * factor;
  const creep = { shelfId: 'upper', kgPerHour: 0.002 / 0.225 };
  return [
    {
      name: 'quiet day',
      description: `${quietHours} h, ~40 visits and a few restocks (the simulator's realistic profile)`,
      fridge,
      simulate: () => run(fridge, REALISTIC_PROFILE, seed, START_MS, quietHours * HOUR),
      startMs: START_MS,
      endMs: START_MS + quietHours * HOUR,
      measureFromMs: START_MS,
      detectableOnly: false,
    },
    {
      name: 'busy evening',
      description: `${historyDays} days of history, then 16:00-23:00 with a visit every ~2.5 min from 17:00`,
      fridge,
      simulate: () => run(fridge, BUSY_EVENING_PROFILE, seed + 1, busyStart, busyEnd - busyStart),
      startMs: busyStart,
      endMs: busyEnd,
      measureFromMs: eveningStart,
      forecast: { fromMs: eveningStart + HOUR, toMs: busyEnd, everyMs: 5 * 60_000 },
      detectableOnly: false,
    },
    {
      name: 'restock during visit',
      description: `${restockHours} h from 08:00 at three times the usual traffic; every 2 h a volunteer restocks during a visit`,
      fridge,
      simulate: () =>
        restockDuringVisits(
          run(fridge, RESTOCK_IN_VISIT_PROFILE, seed + 2, restockStart, restockHours * HOUR),
          fridge,
          {
            fromMs: restockStart + HOUR,
            everyMs: 2 * HOUR,
            fillFraction: 0.9,
            topUpBelowFraction: 0.75,
            spoiledKg: 0.8,
            minOpenMs: 20_000,
          },
        ),
      startMs: restockStart,
      endMs: restockStart + restockHours * HOUR,
      measureFromMs: restockStart,
      detectableOnly: false,
    },
    {
      name: 'drifting cells',
      description: `${driftHours} h of the simulator's drift: a random walk of ~2 g per 13.5 min and 1-7 g/°C`,
      fridge,
      simulate: () => run(fridge, REALISTIC_PROFILE, seed + 3, START_MS, driftHours * HOUR),
      startMs: START_MS,
      endMs: START_MS + driftHours * HOUR,
      measureFromMs: START_MS,
      detectableOnly: false,
    },
    {
      name: 'creeping cell',
      description: `${driftHours} h as above, and the upper shelf's cell also creeps steadily by 2 g per 13.5 min (8.9 g/h)`,
      fridge,
      simulate: () =>
        creepShelf(
          run(fridge, REALISTIC_PROFILE, seed + 3, START_MS, driftHours * HOUR),
          creep.shelfId,
          START_MS,
          creep.kgPerHour,
        ),
      startMs: START_MS,
      endMs: START_MS + driftHours * HOUR,
      measureFromMs: START_MS,
      detectableOnly: false,
      creep,
    },
    {
      name: 'stuck sensor',
      description: `${stuckHours} h; the upper shelf's cell freezes from 10:00 to 14:00`,
      fridge,
      simulate: () =>
        freezeShelf(
          run(fridge, REALISTIC_PROFILE, seed + 4, START_MS, stuckHours * HOUR),
          'upper',
          stuckFrom,
          stuckTo,
        ),
      startMs: START_MS,
      endMs: START_MS + stuckHours * HOUR,
      measureFromMs: START_MS,
      detectableOnly: false,
      fault: { shelfId: 'upper', fromMs: stuckFrom, toMs: stuckTo },
    },
    {
      name: 'pantry',
      description: `${quietHours} h without a door sensor: sessions from step changes`,
      fridge: pantry,
      simulate: () => run(pantry, REALISTIC_PROFILE, seed + 5, START_MS, quietHours * HOUR),
      startMs: START_MS,
      endMs: START_MS + quietHours * HOUR,
      measureFromMs: START_MS,
      detectableOnly: true,
    },
  ];
}
