import Type, { type Static } from 'typebox';
import { IsoTime, Nullable, Slug } from './api';

/**
 * API shapes of alerts, fleet health and the temperature log, shared by the server's route
 * schemas, the dashboard and the retained `fridges/{id}/alerts` topic. Times are ISO 8601.
 */
const strict = { additionalProperties: false } as const;

export const AlertTypeSchema = Type.Union([
  Type.Literal('tooWarm'),
  Type.Literal('tooCold'),
  Type.Literal('doorAjar'),
  Type.Literal('doorSwitchFaulty'),
  Type.Literal('deviceSilent'),
  Type.Literal('probeSilent'),
  Type.Literal('lowBattery'),
  Type.Literal('sensorFault'),
]);
export const AlertSeveritySchema = Type.Union([Type.Literal('warning'), Type.Literal('critical')]);
export const AlertStatusSchema = Type.Union([
  Type.Literal('active'),
  Type.Literal('acknowledged'),
  Type.Literal('resolved'),
]);

export const AlertViewSchema = Type.Object({
  id: Type.String(),
  fridgeId: Slug,
  fridgeName: Type.String(),
  type: AlertTypeSchema,
  category: Type.Union([Type.Literal('foodSafety'), Type.Literal('deviceHealth')]),
  severity: AlertSeveritySchema,
  status: AlertStatusSchema,
  /** What happened, in plain words (the notice's title). */
  summary: Type.String(),
  startedAt: IsoTime,
  raisedAt: IsoTime,
  escalatedAt: Nullable(IsoTime),
  clearedAt: Nullable(IsoTime),
  resolvedAt: Nullable(IsoTime),
  durationMinutes: Type.Integer({ description: 'from the start of the condition until it cleared (or now)' }),
  peakCelsius: Nullable(Type.Number()),
  acknowledgement: Nullable(
    Type.Object({ by: Type.String(), at: IsoTime, note: Nullable(Type.String()) }, strict),
  ),
  details: Type.Object({
    steadyRise: Type.Optional(Type.Boolean()),
    warmTotalMinutes: Type.Optional(Type.Integer()),
    deviceIds: Type.Optional(Type.Array(Type.String())),
    offline: Type.Optional(Type.Boolean()),
    battery: Type.Optional(Type.Number()),
    shelves: Type.Optional(Type.Array(Type.Object({ shelfId: Type.String(), reason: Type.String() }))),
  }),
});
export type AlertView = Static<typeof AlertViewSchema>;

/** Payload of the retained `fridges/{id}/alerts`: the alerts not yet resolved. */
export const ActiveAlertsMessageSchema = Type.Object({ fridgeId: Slug, alerts: Type.Array(AlertViewSchema) });
export type ActiveAlertsMessage = Static<typeof ActiveAlertsMessageSchema>;

export const AcknowledgeBodySchema = Type.Object(
  {
    by: Type.String({ minLength: 1, maxLength: 80, description: 'who takes care of it' }),
    note: Type.Optional(
      Type.String({ maxLength: 500, description: 'the action taken, kept in the temperature log' }),
    ),
  },
  strict,
);

/**
 * Bounds of a per-fridge limit: -40 °C is below any chest freezer's setpoint and 30 °C above any
 * room a fridge stands in, so a value outside is a typo (41 for 4.1, °F for °C). `null` turns
 * that rule off.
 */
const Celsius = (description: string) =>
  Type.Optional(Type.Union([Type.Number({ minimum: -40, maximum: 30 }), Type.Null()], { description }));
/** A duration of a rule: 1 min to 24 h (shorter alerts on a door visit, longer never alerts). */
const RuleMs = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 60_000, maximum: 24 * 3_600_000, description }));

/**
 * Overrides of the profile's temperature limits for one fridge (`TemperatureThresholds` in
 * server/domain/alerts/config.ts, where each default cites its source); an absent field keeps
 * the profile's default. A warning limit above a critical one is refused (400).
 */
export const AlertThresholdsSchema = Type.Object(
  {
    warnAboveCelsius: Celsius('a warning when above this for warnForMs in a row (fridge default 5)'),
    warnForMs: RuleMs('default 30 min'),
    criticalTotalAboveCelsius: Celsius('critical when the time above this adds up to criticalTotalMs'),
    criticalTotalMs: RuleMs('default 2 h'),
    criticalAboveCelsius: Celsius('critical when above this for criticalForMs in a row (fridge default 8)'),
    criticalForMs: RuleMs('default 30 min'),
    criticalAtOnceAboveCelsius: Celsius('critical on the first reading above this (freezer default 4)'),
    coldBelowCelsius: Celsius('a warning when below this for coldForMs in a row (fridge default 0)'),
    coldForMs: RuleMs('default 30 min'),
  },
  strict,
);
export type AlertThresholds = Static<typeof AlertThresholdsSchema>;

export const AlertSettingsSchema = Type.Object(
  {
    profile: Type.Union([Type.Literal('fridge'), Type.Literal('freezer'), Type.Literal('none')]),
    probe: Type.Union([Type.Literal('air'), Type.Literal('buffered')]),
    thresholds: Type.Optional(AlertThresholdsSchema),
  },
  strict,
);

export const FleetHealthSchema = Type.Object({
  devices: Type.Object({
    total: Type.Integer(),
    online: Type.Integer(),
    offline: Type.Integer(),
    lowBattery: Type.Integer(),
  }),
  deviceList: Type.Array(
    Type.Object({
      id: Type.String(),
      fridgeId: Slug,
      online: Type.Boolean(),
      lastSeen: Nullable(IsoTime),
      battery: Nullable(Type.Number()),
      lowBattery: Type.Boolean(),
    }),
  ),
  fridgesWithActiveAlerts: Type.Array(
    Type.Object({
      fridgeId: Slug,
      name: Type.String(),
      alerts: Type.Array(
        Type.Object({ id: Type.String(), type: AlertTypeSchema, severity: AlertSeveritySchema }),
      ),
    }),
  ),
});
export type FleetHealth = Static<typeof FleetHealthSchema>;

export const TemperatureLogSchema = Type.Object({
  fridgeId: Slug,
  from: IsoTime,
  to: IsoTime,
  hours: Type.Array(
    Type.Object({
      hour: IsoTime,
      minCelsius: Type.Number(),
      maxCelsius: Type.Number(),
      meanCelsius: Type.Number(),
      readings: Type.Integer(),
    }),
  ),
  excursions: Type.Array(
    Type.Object({
      alertId: Type.String(),
      type: AlertTypeSchema,
      severity: AlertSeveritySchema,
      start: IsoTime,
      end: Nullable(IsoTime),
      peakCelsius: Nullable(Type.Number()),
      action: Nullable(Type.String()),
    }),
  ),
});
export type TemperatureLog = Static<typeof TemperatureLogSchema>;
