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

export const AlertSettingsSchema = Type.Object(
  {
    profile: Type.Union([Type.Literal('fridge'), Type.Literal('freezer'), Type.Literal('none')]),
    probe: Type.Union([Type.Literal('air'), Type.Literal('buffered')]),
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
