import Type, { type Static } from 'typebox';
import { ERROR_CODES, type ErrorCode } from './errors';
import { SLUG_PATTERN } from './ids';
import { PublicSiteFields } from './publicSite';
import { IsoTime, Nullable } from './schemaParts';

/**
 * HTTP API shapes shared by the server's route schemas, the dashboard and `fridges/{id}/state`.
 * Times are ISO 8601 strings; `null` means "never measured".
 */
export const Slug = Type.String({ pattern: SLUG_PATTERN, description: 'lower-case slug: a-z, 0-9 and -' });

export const STOCK_LEVELS = ['empty', 'few', 'many', 'full'] as const;
export const StockLevelSchema = Type.Union([
  Type.Literal('empty'),
  Type.Literal('few'),
  Type.Literal('many'),
  Type.Literal('full'),
]);
export type StockLevel = (typeof STOCK_LEVELS)[number];

export const FRIDGE_KINDS = ['fridge', 'pantry'] as const;
export const FridgeKindSchema = Type.Union([Type.Literal('fridge'), Type.Literal('pantry')]);
export type FridgeKind = (typeof FRIDGE_KINDS)[number];

/** Shared by every API shape (here, contract/restock.ts, the server's route schemas). */
export { IsoTime, Nullable };

/** Upper bounds (percent of capacity) of the `empty`, `few` and `many` levels; above `many` is `full`. */
export const LevelThresholdsSchema = Type.Object(
  {
    emptyBelowPercent: Type.Number({ minimum: 0, maximum: 100 }),
    fewBelowPercent: Type.Number({ minimum: 0, maximum: 100 }),
    manyBelowPercent: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type LevelThresholds = Static<typeof LevelThresholdsSchema>;

export const DoubtReasonSchema = Type.Union([
  Type.Literal('stuck'),
  Type.Literal('out-of-range'),
  Type.Literal('jumping'),
  // The weight moved and stayed moved with the door shut: a fault, or a door opening the sensor missed.
  Type.Literal('changed-while-shut'),
]);

export const ShelfStatusSchema = Type.Object({
  id: Slug,
  tareKg: Type.Number(),
  capacityKg: Type.Number(),
  kg: Nullable(Type.Number()),
  percent: Nullable(Type.Number()),
  asOf: Nullable(IsoTime),
  grossKg: Nullable(
    Type.Number({ description: "the load cell's last reading, tare included: what a calibration reads" }),
  ),
  doubtful: Type.Boolean({ description: 'the load cell misbehaves; kg is its last good estimate' }),
  doubtReason: Nullable(DoubtReasonSchema),
});

/**
 * Present when some shelf's scale rounds to 100 g or more (a whole-kilogram scale): how far the
 * rounding can put `takenKg` and `addedKg` off (± kg, two standard deviations; docs/estimation.md,
 * "Activity"), and the coarsest step behind it.
 */
export const ActivityRoundingSchema = Type.Object({
  takenKg: Type.Number({ minimum: 0, description: '± kg on takenKg from scales that round' }),
  addedKg: Type.Number({ minimum: 0, description: '± kg on addedKg from scales that round' }),
  scaleStepKg: Type.Number({
    exclusiveMinimum: 0,
    description: 'the coarsest step of the scales behind it: 1 = whole kilograms',
  }),
});
export type ActivityRounding = Static<typeof ActivityRoundingSchema>;

const ActivityTotalsSchema = Type.Object({
  visits: Type.Integer(),
  takenKg: Type.Number(),
  addedKg: Type.Number(),
  rounding: Type.Optional(ActivityRoundingSchema),
});
export const ActivitySchema = Type.Object({ today: ActivityTotalsSchema, week: ActivityTotalsSchema });
export type Activity = Static<typeof ActivitySchema>;

export const DeviceStatusSchema = Type.Object({
  id: Slug,
  online: Type.Boolean(),
  battery: Nullable(Type.Number({ description: 'charge as a fraction, 0..1' })),
  rssi: Nullable(Type.Number({ description: 'Wi-Fi signal in dBm' })),
  firmware: Nullable(Type.String()),
  lastSeen: Nullable(IsoTime),
  clockSkew: Type.Boolean({ description: 'the device sent timestamps too far in the future or past' }),
});

/**
 * The food-safety verdict of the alert rules, not of one reading: a door opening alone never
 * turns it; `unknown` when no rules apply, no reading came yet, or the sensor is silent.
 */
export const TEMPERATURE_STATUSES = ['ok', 'warning', 'critical', 'unknown'] as const;
export const TemperatureStatusSchema = Type.Union([
  Type.Literal('ok'),
  Type.Literal('warning'),
  Type.Literal('critical'),
  Type.Literal('unknown'),
]);
export type TemperatureStatus = (typeof TEMPERATURE_STATUSES)[number];

/**
 * Why the temperature status is what it is, as a code and figures rather than words, so each reader's
 * page says it in their own language and unit (°C or °F). `text` keeps the server's English
 * sentence for API and e-mail consumers.
 */
export const TEMPERATURE_REASONS = [
  'sensorOffline',
  'probeOffline',
  'noReading',
  'tooWarm',
  'tooCold',
  'warmForNow',
  'cold',
  'frozen',
] as const;
export type TemperatureReasonCode = (typeof TEMPERATURE_REASONS)[number];
export const TemperatureReasonSchema = Type.Object({
  code: Type.Union([
    Type.Literal('sensorOffline'),
    Type.Literal('probeOffline'),
    Type.Literal('noReading'),
    Type.Literal('tooWarm'),
    Type.Literal('tooCold'),
    Type.Literal('warmForNow'),
    Type.Literal('cold'),
    Type.Literal('frozen'),
  ]),
  /** The advice differs for a freezer (thawed food) and a fridge. */
  freezer: Type.Boolean(),
  /** tooWarm: critical (unsafe) rather than a warning. */
  critical: Type.Boolean(),
  /** tooWarm: rising steadily with the door shut (a power cut?). */
  steadyRise: Type.Boolean(),
  /** tooWarm: when it got cold again (the spell is over but still watched); its length ends there. */
  endedAt: Nullable(IsoTime),
  /** tooCold: the lowest reading; warmForNow: the limit it is above. */
  celsius: Nullable(Type.Number()),
});
export type TemperatureReason = Static<typeof TemperatureReasonSchema>;

export const FridgeStatusSchema = Type.Object({
  id: Slug,
  name: Type.String(),
  kind: FridgeKindSchema,
  address: Nullable(Type.String()),
  simulated: Type.Boolean({ description: 'true when the readings come from the demo simulator' }),
  online: Type.Boolean({ description: 'at least one registered device is connected' }),
  lastSeen: Nullable(IsoTime),
  stock: Type.Object({
    kg: Nullable(Type.Number()),
    capacityKg: Type.Number(),
    percent: Nullable(Type.Number()),
    level: Nullable(StockLevelSchema),
    asOf: Nullable(IsoTime),
    meals: Nullable(Type.Integer({ description: 'whole meals, kg / kgPerMeal' })),
    uncertaintyKg: Nullable(
      Type.Number({ description: '± kg: grows with drift since the last clean settle' }),
    ),
    doubtful: Type.Boolean({ description: 'some shelf sensor misbehaves' }),
  }),
  forecast: Nullable(
    Type.Object({
      emptyAt: IsoTime,
      confidence: Type.Number({ minimum: 0, maximum: 1 }),
    }),
  ),
  activity: ActivitySchema,
  temperature: Type.Object({
    celsius: Nullable(Type.Number()),
    asOf: Nullable(IsoTime),
    status: TemperatureStatusSchema,
    /** When the status began (a warm spell, the sensor going silent). */
    since: Nullable(IsoTime),
    text: Nullable(
      Type.String({
        description:
          'the status in plain English words for every reader, e.g. "Too warm for 40 min: ..."; other languages word `reason` (docs/open-data.md)',
      }),
    ),
    /** Absent from a status saved before it existed (the offline copy): then `text` serves. */
    reason: Type.Optional(Nullable(TemperatureReasonSchema)),
  }),
  door: Type.Object({ open: Nullable(Type.Boolean()), since: Nullable(IsoTime) }),
  shelves: Type.Array(ShelfStatusSchema),
  devices: Type.Array(DeviceStatusSchema),
  levels: LevelThresholdsSchema,
  ...PublicSiteFields,
});
export type FridgeStatus = Static<typeof FridgeStatusSchema>;
export type ShelfStatus = Static<typeof ShelfStatusSchema>;
export type DeviceStatus = Static<typeof DeviceStatusSchema>;

/** Server-Sent Event names on `GET /api/events`. */
export const SSE_EVENTS = {
  /** data: FridgeStatus */
  fridge: 'fridge',
  /** data: { id } */
  fridgeRemoved: 'fridge-removed',
  /** data: { fridgeId, requestId, change, status }: a restock request opened, was claimed, closed... */
  restock: 'restock',
  /** data: { fridgeId, alertId, type, change, severity, status }: an alert raised, escalated, resolved... */
  alert: 'alert',
} as const;

/** The one error body; `code` is a name from contract/errors.ts, `message` its catalogue text. */
export const ApiErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.Unsafe<ErrorCode>(Type.String({ enum: ERROR_CODES })),
    message: Type.String(),
  }),
});
export type ApiError = Static<typeof ApiErrorSchema>;
