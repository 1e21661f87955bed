import Type, { type Static } from 'typebox';
import { IsoTime, Nullable, Slug } from './api';

/**
 * The history API (issue 13): sensor history in buckets, from raw readings while they are kept
 * and from 15-minute rollups after, and the network's figures per day, week or month.
 */

export const HISTORY_METRICS = ['temperature', 'stock', 'weight', 'door'] as const;
export type HistoryMetric = (typeof HISTORY_METRICS)[number];
/** Bucket widths a history query may ask for (`m` minutes, `h` hours, `d` days, UTC-aligned). */
export const HISTORY_STEP_VALUES = ['1m', '5m', '15m', '1h', '6h', '1d'] as const;

export const HistoryQuerySchema = Type.Object(
  {
    metric: Type.Enum([...HISTORY_METRICS]),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'default: 24 hours before `to`' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
    step: Type.Optional(
      Type.Enum([...HISTORY_STEP_VALUES], {
        description: 'bucket width; default: the finest giving at most 500 buckets',
      }),
    ),
  },
  { additionalProperties: false },
);

const SeriesBucketSchema = Type.Object({
  start: IsoTime,
  count: Type.Integer({ description: 'readings (or 15-minute rollups of them) in the bucket' }),
  min: Type.Number(),
  mean: Type.Number(),
  max: Type.Number(),
});

const DoorBucketSchema = Type.Object({
  start: IsoTime,
  openings: Type.Integer(),
  minutesOpen: Type.Number(),
});

/** Where the unit's temperature is safe, from the thresholds its alert rules apply. */
export const SafeBandSchema = Type.Object(
  {
    lowCelsius: Nullable(Type.Number({ description: 'colder than this is too cold; null: no lower limit' })),
    highCelsius: Type.Number({ description: 'warmer than this is out of the safe band' }),
  },
  { description: "the unit's safe temperature band (its alert profile and overrides); null: none applies" },
);
export type SafeBand = Static<typeof SafeBandSchema>;

export const HistorySchema = Type.Object({
  fridgeId: Slug,
  metric: Type.Enum([...HISTORY_METRICS]),
  /** The range answered: the one asked for, widened to whole buckets. */
  from: IsoTime,
  to: IsoTime,
  step: Type.Enum([...HISTORY_STEP_VALUES]),
  stepMs: Type.Integer(),
  source: Type.Union([Type.Literal('raw'), Type.Literal('rollup'), Type.Literal('mixed')], {
    description: 'raw readings, 15-minute rollups, or rollups before `rawFrom` and raw readings after',
  }),
  rawFrom: Nullable(IsoTime),
  /** The fridge's safe temperature band, so a chart of it needs no second request. */
  safeBand: Nullable(SafeBandSchema),
  /** temperature (per probe), weight (per shelf), stock (kg): buckets with at least one value. */
  series: Type.Array(
    Type.Object({
      sensor: Nullable(Type.String()),
      unit: Type.String(),
      buckets: Type.Array(SeriesBucketSchema),
    }),
  ),
  /** door only: buckets with an opening or open time. */
  door: Type.Array(DoorBucketSchema),
});
export type History = Static<typeof HistorySchema>;

export const SUMMARY_STEPS = ['day', 'week', 'month'] as const;
export type SummaryStep = (typeof SUMMARY_STEPS)[number];

export const NetworkSummaryQuerySchema = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'default: 12 steps before `to`' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
    step: Type.Optional(Type.Enum([...SUMMARY_STEPS], { default: 'month' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
  },
  { additionalProperties: false },
);

export const SummaryFiguresSchema = Type.Object({
  kgShared: Type.Number({ description: 'food taken out, by the shelf scales' }),
  visits: Type.Integer({ description: 'door sessions' }),
  restocks: Type.Integer({ description: 'door sessions that added at least the restock minimum (2 kg)' }),
  hoursOutOfSafeTemperature: Type.Number({
    description: "15-minute buckets whose mean was outside the unit's safe band, as hours",
  }),
  /**
   * Present when some fridge behind the figures has scales that round to 100 g or more: how far
   * that can put `kgShared` off (± kg, two standard deviations, as `ActivityTotals.rounding`;
   * docs/estimation.md, "Activity"), and the coarsest step behind it.
   */
  rounding: Type.Optional(
    Type.Object({
      kgShared: Type.Number({ minimum: 0, description: '± kg on kgShared from scales that round' }),
      scaleStepKg: Type.Number({
        exclusiveMinimum: 0,
        description: 'the coarsest step of the scales behind it: 1 = whole kilograms',
      }),
    }),
  ),
});
export type SummaryFigures = Static<typeof SummaryFiguresSchema>;

export const NetworkSummarySchema = Type.Object({
  from: IsoTime,
  to: IsoTime,
  step: Type.Enum([...SUMMARY_STEPS]),
  timeZone: Type.String(),
  periods: Type.Array(
    Type.Object({
      start: IsoTime,
      end: IsoTime,
      total: SummaryFiguresSchema,
      fridges: Type.Record(Type.String(), SummaryFiguresSchema),
    }),
  ),
  total: SummaryFiguresSchema,
  fridges: Type.Record(Type.String(), Type.Object({ name: Type.String(), total: SummaryFiguresSchema })),
});
export type NetworkSummary = Static<typeof NetworkSummarySchema>;
