import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { LevelThresholdsSchema } from '../../../contract/api';
import { levelsRise } from '../stock';

/** Fridge Finder NYC's scale, as in the server's `DEFAULT_LEVELS`. */
const DEFAULT_LEVELS = { emptyBelowPercent: 10, fewBelowPercent: 45, manyBelowPercent: 80 } as const;

/**
 * Every threshold of the stock estimator in one schema, so the server's config schema can embed
 * it and validate it once at start-up. Defaults are tuned for the HX711 figures in
 * docs/estimation.md (noise σ 5-20 g per reading, drift ~2 g per 12-15 min plus 1-7 g/°C,
 * occasional spikes, a reading every 5-10 s per shelf, door sessions of 5-60 s) and checked by
 * `npm run bench:estimator`.
 */
export const EstimatorConfigSchema = Type.Object(
  {
    settleReadings: Type.Integer({
      minimum: 2,
      maximum: 20,
      default: 3,
      description: 'consecutive readings within settleToleranceKg that make a shelf settled',
    }),
    settleToleranceKg: Type.Number({
      exclusiveMinimum: 0,
      default: 0.06,
      description: 'a settled reading lies this close to the median of its window (3σ of a noisy cell)',
    }),
    settleTimeoutMs: Type.Integer({
      minimum: 1000,
      default: 90_000,
      description: 'after the door closes, a shelf that has not settled by then is read as it is',
    }),
    holdAfterSessionMs: Type.Integer({
      minimum: 0,
      default: 1_800_000,
      description:
        'after a session, level changes still count as stock for this long (the air and the cell recover ' +
        'from the open door); only then is slow change absorbed as drift',
    }),
    levelTimeConstantMs: Type.Integer({
      minimum: 1000,
      default: 120_000,
      description: 'time constant of the shelf level filter while it recovers from a session',
    }),
    spikeLimitKg: Type.Number({
      exclusiveMinimum: 0,
      default: 0.3,
      description: 'a reading this far from the median of it and its neighbours is a spike',
    }),
    driftKgPerHour: Type.Number({
      minimum: 0,
      default: 0.1,
      description: 'fastest slow change absorbed into the baseline (sensor drift), never shown as stock',
    }),
    driftSpreadKgPerSqrtHour: Type.Number({
      minimum: 0,
      default: 0.0042,
      description:
        'how far a cell wanders by itself (a random walk: 2 g per 13.5 min is 4.2 g per √h); widens the ' +
        'uncertainty for the time drift could not be watched, until the cell shows its own figure',
    }),
    driftMemoryMs: Type.Integer({
      minimum: 60_000,
      default: 43_200_000,
      description:
        'the drift rate seen while quiet is remembered over about this long and carries the baseline ' +
        'through sessions; it is trusted once a sixth of this was observed',
    }),
    stepThresholdKg: Type.Number({
      exclusiveMinimum: 0,
      default: 0.1,
      description: 'a settled level this far from the baseline with no door session is a session (pantry)',
    }),
    minChangeKg: Type.Number({
      minimum: 0,
      default: 0.05,
      description:
        'smallest change worth reporting: a shelf in a session effect, or a stock update (an open door ' +
        'warms the cells, which then read up to ~50 g heavy for a while)',
    }),
    stuckAfterMs: Type.Integer({
      minimum: 1000,
      default: 300_000,
      description: 'identical raw readings for this long mean a stuck sensor (a live HX711 always jitters)',
    }),
    outOfRangeBelowEmptyKg: Type.Number({
      minimum: 0,
      default: 0.5,
      description: 'a reading this far below the empty shelf is a fault',
    }),
    outOfRangeCapacityFactor: Type.Number({
      minimum: 1,
      default: 3,
      description: 'a reading above the empty shelf plus this many capacities is a fault',
    }),
    jumpingSpikeCount: Type.Integer({
      minimum: 2,
      default: 6,
      description: 'this many spikes within jumpingWindowMs mean the sensor is jumping',
    }),
    jumpingWindowMs: Type.Integer({ minimum: 1000, default: 600_000 }),
    doorOpenTimeoutMs: Type.Integer({
      minimum: 10_000,
      default: 600_000,
      description: 'a door open longer is left open: its session ends and step changes are watched instead',
    }),
    doorDebounceMs: Type.Integer({
      minimum: 0,
      default: 1000,
      description:
        'a door that closes and opens again within this long never closed (a bouncing reed switch, a ' +
        'door swinging against its seal): one session, not two',
    }),
    minVisitOpenMs: Type.Integer({
      minimum: 0,
      default: 2000,
      description:
        'a door session shorter than this that moved no food is no visit (a bounce, a knock on the door)',
    }),
    shutChangeConfirmMs: Type.Integer({
      minimum: 1000,
      default: 120_000,
      description:
        'with the door shut, a shelf whose weight moved and settled elsewhere for this long is flagged ' +
        '("weight changed with the door shut"); one that comes back sooner was a lean, a bump or a wipe',
    }),
    shutChangeFlagMs: Type.Integer({
      minimum: 60_000,
      default: 43_200_000,
      description:
        'how long a "weight changed with the door shut" flag stands (a tare of the shelf clears it sooner)',
    }),
    levels: {
      ...LevelThresholdsSchema,
      default: { ...DEFAULT_LEVELS },
      description: 'upper bounds (percent of capacity) of the empty, few and many levels',
    },
    kgPerMeal: Type.Number({ exclusiveMinimum: 0, default: 0.5, description: 'food that makes one meal' }),
    forecast: Type.Object(
      {
        historyDays: Type.Number({
          exclusiveMinimum: 0,
          default: 7,
          description: 'days of sessions that shape the time-of-day take profile',
        }),
        minHistoryMs: Type.Integer({
          minimum: 0,
          default: 86_400_000,
          description: 'less history than this gives no forecast',
        }),
        minSessions: Type.Integer({
          minimum: 1,
          default: 10,
          description: 'fewer sessions that took food give no forecast',
        }),
        restockMinKg: Type.Number({
          exclusiveMinimum: 0,
          default: 5,
          description:
            'additions this large are restocks, left out of the forecast; smaller ones are neighbours ' +
            'leaving food and slow the emptying',
        }),
        recentWindowMs: Type.Integer({
          minimum: 60_000,
          default: 3_600_000,
          description: 'the outflow in this last window scales the profile to today',
        }),
        paceSessions: Type.Integer({
          minimum: 1,
          default: 30,
          description:
            "today's pace (outflow in the recent window against the profile) counts half after this many sessions",
        }),
        horizonMs: Type.Integer({
          minimum: 3_600_000,
          default: 3 * 86_400_000,
          description: 'no forecast when the fridge would not empty within this',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);

export type EstimatorConfig = Static<typeof EstimatorConfigSchema>;

export const DEFAULT_ESTIMATOR_CONFIG: EstimatorConfig = deepFreeze({
  settleReadings: 3,
  settleToleranceKg: 0.06,
  settleTimeoutMs: 90_000,
  holdAfterSessionMs: 1_800_000,
  levelTimeConstantMs: 120_000,
  spikeLimitKg: 0.3,
  driftKgPerHour: 0.1,
  driftSpreadKgPerSqrtHour: 0.0042,
  driftMemoryMs: 43_200_000,
  stepThresholdKg: 0.1,
  minChangeKg: 0.05,
  stuckAfterMs: 300_000,
  outOfRangeBelowEmptyKg: 0.5,
  outOfRangeCapacityFactor: 3,
  jumpingSpikeCount: 6,
  jumpingWindowMs: 600_000,
  doorOpenTimeoutMs: 600_000,
  doorDebounceMs: 1000,
  minVisitOpenMs: 2000,
  shutChangeConfirmMs: 120_000,
  shutChangeFlagMs: 43_200_000,
  levels: { ...DEFAULT_LEVELS },
  kgPerMeal: 0.5,
  forecast: {
    historyDays: 7,
    minHistoryMs: 86_400_000,
    minSessions: 10,
    restockMinKg: 5,
    recentWindowMs: 3_600_000,
    paceSessions: 30,
    horizonMs: 3 * 86_400_000,
  },
});

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value))
    if (inner !== null && typeof inner === 'object') deepFreeze(inner);
  return Object.freeze(value);
}

const compiled = Compile(EstimatorConfigSchema);

/** Thrown with one `path: message` line per bad field. */
export class EstimatorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid estimator configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'EstimatorConfigError';
  }
}

/**
 * Fills what `overrides` leaves out from the defaults (one level deep for `levels` and
 * `forecast`), validates the whole and returns it frozen.
 */
export function resolveEstimatorConfig(
  overrides: Partial<Omit<EstimatorConfig, 'forecast' | 'levels'>> & {
    levels?: Partial<EstimatorConfig['levels']>;
    forecast?: Partial<EstimatorConfig['forecast']>;
  } = {},
): EstimatorConfig {
  const candidate = {
    ...DEFAULT_ESTIMATOR_CONFIG,
    ...overrides,
    levels: { ...DEFAULT_ESTIMATOR_CONFIG.levels, ...overrides.levels },
    forecast: { ...DEFAULT_ESTIMATOR_CONFIG.forecast, ...overrides.forecast },
  };
  const problems = [...compiled.Errors(candidate)]
    .filter((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf')
    .map((e) => `${e.instancePath.slice(1) || 'config'}: ${e.message}`);
  const { levels } = candidate;
  if (!levelsRise(levels)) problems.push('levels: thresholds must rise: empty ≤ few ≤ many');
  if (problems.length > 0) throw new EstimatorConfigError([...new Set(problems)]);
  return deepFreeze(candidate);
}
