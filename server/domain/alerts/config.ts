import Type, { type Static } from 'typebox';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const NullableNumber = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

/**
 * The temperature limits of one kind of unit. Every default below names its source; a fridge
 * may override any of them (`FridgeAlertSettings.thresholds`).
 */
export const TemperatureThresholdsSchema = Type.Object(
  {
    warnAboveCelsius: NullableNumber('a warning when above this for `warnForMs` in a row; null: no rule'),
    warnForMs: Type.Integer({ minimum: 0 }),
    criticalTotalAboveCelsius: NullableNumber(
      'critical when the time above this adds up to `criticalTotalMs` within one excursion',
    ),
    criticalTotalMs: Type.Integer({ minimum: 0 }),
    criticalAboveCelsius: NullableNumber('critical when above this for `criticalForMs` in a row'),
    criticalForMs: Type.Integer({ minimum: 0 }),
    criticalAtOnceAboveCelsius: NullableNumber('critical on the first reading above this'),
    coldBelowCelsius: NullableNumber('a warning when below this for `coldForMs` in a row'),
    coldForMs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type TemperatureThresholds = Static<typeof TemperatureThresholdsSchema>;

export const ALERT_PROFILES = ['fridge', 'freezer', 'none'] as const;
export type AlertProfile = (typeof ALERT_PROFILES)[number];

/**
 * Refrigerated cold holding.
 * - 5 °C (41 °F): FDA Food Code 2022, 3-501.16(A)(2): time/temperature control for safety food
 *   is held at 5 °C or less.
 * - 2 h in total above 5 °C: USDA FSIS, "Danger Zone (40 °F - 140 °F)": bacteria multiply fastest
 *   above 40 °F; never leave perishable food out of refrigeration for more than 2 hours. (Its
 *   power-outage advice allows 4 h with the door shut; we warn at the stricter figure.)
 * - 8 °C for 30 min: UK Food Hygiene (England) Regulations 2006, Schedule 4, para. 2: chilled
 *   food is kept at 8 °C or below (FSA, "Safer food, better business").
 * - Below 0 °C: water-rich food freezes and spoils; FDA, "Are You Storing Food Safely?": keep the
 *   fridge at or below 40 °F (4 °C), which says nothing of freezing, so 0 °C is physics, not a code.
 * - 30 min in a row and the 30 min recovery window: not from a code. They are this project's
 *   choice, so that a door visit (an air probe recovers in 20-30 min, see
 *   firmware-sim/airTemperature.ts and docs/alerts.md) never alerts and a dead compressor does.
 */
export const FRIDGE_THRESHOLDS: TemperatureThresholds = Object.freeze({
  warnAboveCelsius: 5,
  warnForMs: 30 * MINUTE_MS,
  criticalTotalAboveCelsius: 5,
  criticalTotalMs: 2 * HOUR_MS,
  criticalAboveCelsius: 8,
  criticalForMs: 30 * MINUTE_MS,
  criticalAtOnceAboveCelsius: null,
  coldBelowCelsius: 0,
  coldForMs: 30 * MINUTE_MS,
});

/**
 * Freezers. -18 °C (0 °F) is the storage temperature (USDA FSIS, "Freezing and Food Safety").
 * -15 °C is -18 °C plus the 3 °C brief rise that Council Directive 89/108/EEC, Article 5, allows
 * quick-frozen food. Above 4 °C (40 °F) it has thawed (USDA FSIS, "Keep Your Food Safe During
 * Emergencies": refreeze only food still at 40 °F or below). -12 °C for 2 h is this project's
 * choice (surface thawing well before 4 °C), not a code.
 */
export const FREEZER_THRESHOLDS: TemperatureThresholds = Object.freeze({
  warnAboveCelsius: -15,
  warnForMs: 30 * MINUTE_MS,
  criticalTotalAboveCelsius: -12,
  criticalTotalMs: 2 * HOUR_MS,
  criticalAboveCelsius: null,
  criticalForMs: 30 * MINUTE_MS,
  criticalAtOnceAboveCelsius: 4,
  coldBelowCelsius: null,
  coldForMs: 30 * MINUTE_MS,
});

/** Pantries hold shelf-stable food: no temperature rules. */
export const NO_THRESHOLDS: TemperatureThresholds = Object.freeze({
  warnAboveCelsius: null,
  warnForMs: 30 * MINUTE_MS,
  criticalTotalAboveCelsius: null,
  criticalTotalMs: 2 * HOUR_MS,
  criticalAboveCelsius: null,
  criticalForMs: 30 * MINUTE_MS,
  criticalAtOnceAboveCelsius: null,
  coldBelowCelsius: null,
  coldForMs: 30 * MINUTE_MS,
});

export const PROFILE_THRESHOLDS: Readonly<Record<AlertProfile, TemperatureThresholds>> = Object.freeze({
  fridge: FRIDGE_THRESHOLDS,
  freezer: FREEZER_THRESHOLDS,
  none: NO_THRESHOLDS,
});

/**
 * Where the temperature is measured. `air`: a bare probe in the air, which jumps at every door
 * opening, so readings inside the recovery window never start an alert on their own. `buffered`:
 * a probe in a bottle of glycol that follows the food's temperature; no window.
 */
export const PROBE_TYPES = ['air', 'buffered'] as const;
export type ProbeType = (typeof PROBE_TYPES)[number];

/** An organiser's choices for one unit. */
export const FridgeAlertSettingsSchema = Type.Object(
  {
    profile: Type.Union([Type.Literal('fridge'), Type.Literal('freezer'), Type.Literal('none')], {
      description: 'which temperature rules apply; default from the kind (fridge: fridge, pantry: none)',
    }),
    probe: Type.Union([Type.Literal('air'), Type.Literal('buffered')], {
      description: 'air (default): a recovery window follows each door session; buffered: none',
    }),
    thresholds: Type.Partial(TemperatureThresholdsSchema, {
      description: 'overrides of the profile defaults',
    }),
  },
  { additionalProperties: false },
);
export type FridgeAlertSettings = Static<typeof FridgeAlertSettingsSchema>;

/** The timings of alerts for every unit, in one schema the server's config embeds. */
export const AlertsConfigSchema = Type.Object(
  {
    recoveryWindowMs: Type.Integer({
      minimum: 0,
      default: 30 * MINUTE_MS,
      description:
        'after a door session an air probe reads warm while the fridge recovers; readings this long ' +
        'after the door closed (or while it is open) start no temperature alert on their own',
    }),
    resolveAfterMs: Type.Integer({
      minimum: 0,
      default: 15 * MINUTE_MS,
      description: 'an alert resolves once its condition has stayed clear this long (no flapping)',
    }),
    doorResolveAfterMs: Type.Integer({
      minimum: 0,
      default: 2 * MINUTE_MS,
      description:
        'a door alert resolves this long after the door closed: a shut door does not hover around a ' +
        'threshold the way an air temperature does, so the long hold would only keep a solved alert open',
    }),
    maxReadingGapMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 20 * MINUTE_MS,
      description: 'a gap between readings longer than this adds no time to an excursion (unknown, not warm)',
    }),
    doorAjarAfterMs: Type.Integer({
      minimum: 0,
      default: 3 * MINUTE_MS,
      description: 'a door open this long raises a warning',
    }),
    doorSwitchSuspectAfterMs: Type.Integer({
      minimum: 0,
      default: 15 * MINUTE_MS,
      description: 'open this long with no weight change: the door switch may be faulty',
    }),
    doorWeightChangeKg: Type.Number({
      exclusiveMinimum: 0,
      default: 0.2,
      description: 'a shelf moving this much while the door is open shows someone is really there',
    }),
    silentIntervals: Type.Integer({
      minimum: 1,
      default: 3,
      description: 'a device is silent after this many of its expected intervals without a message',
    }),
    silentMinMs: Type.Integer({
      minimum: 0,
      default: 10 * MINUTE_MS,
      description: 'never silent sooner than this (a Wi-Fi reconnect is not an outage)',
    }),
    defaultIntervalMs: Type.Integer({
      minimum: 1000,
      default: 5 * MINUTE_MS,
      description: 'the expected interval of a device before it has reported long enough to learn its own',
    }),
    lowBatteryAtOrBelow: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.2,
      description: 'a battery at or below this fraction raises a warning',
    }),
    escalateAfterMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 30 * MINUTE_MS,
      description:
        'an alert nobody acknowledged for this long is sent to the next circle (the area), once per ' +
        'circle, as an unclaimed restock request is (restock.escalateAfterMs); critical alerts reach ' +
        'every circle at once',
    }),
    resendCriticalEveryMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 30 * MINUTE_MS,
      description: 'an unacknowledged critical alert is sent again this often',
    }),
    remindBatteryEveryMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 24 * HOUR_MS,
      description: 'an unacknowledged low-battery warning is sent again this often',
    }),
    ackLinkTtlMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 7 * 24 * HOUR_MS,
      description: 'how long the acknowledge link in an alert notice stays valid',
    }),
  },
  // Nested in the server config: `default: {}` lets each field above give its own default.
  { additionalProperties: false, default: {} },
);
export type AlertsConfig = Static<typeof AlertsConfigSchema>;

export const DEFAULT_ALERTS_CONFIG: AlertsConfig = Object.freeze({
  recoveryWindowMs: 30 * MINUTE_MS,
  resolveAfterMs: 15 * MINUTE_MS,
  doorResolveAfterMs: 2 * MINUTE_MS,
  maxReadingGapMs: 20 * MINUTE_MS,
  doorAjarAfterMs: 3 * MINUTE_MS,
  doorSwitchSuspectAfterMs: 15 * MINUTE_MS,
  doorWeightChangeKg: 0.2,
  silentIntervals: 3,
  silentMinMs: 10 * MINUTE_MS,
  defaultIntervalMs: 5 * MINUTE_MS,
  lowBatteryAtOrBelow: 0.2,
  escalateAfterMs: 30 * MINUTE_MS,
  resendCriticalEveryMs: 30 * MINUTE_MS,
  remindBatteryEveryMs: 24 * HOUR_MS,
  ackLinkTtlMs: 7 * 24 * HOUR_MS,
});

/** The settings of a unit nobody configured: from its kind. */
const DEFAULT_SETTINGS: Readonly<Record<'fridge' | 'pantry', FridgeAlertSettings>> = Object.freeze({
  fridge: Object.freeze({ profile: 'fridge', probe: 'air', thresholds: Object.freeze({}) }),
  pantry: Object.freeze({ profile: 'none', probe: 'air', thresholds: Object.freeze({}) }),
});

/** The settings of a unit nobody set any for: one shared object per kind (asked on every reading). */
export function defaultAlertSettings(kind: 'fridge' | 'pantry'): FridgeAlertSettings {
  return DEFAULT_SETTINGS[kind];
}

/** Thresholds already merged, per settings object (settings are replaced when saved, never changed). */
const mergedThresholds = new WeakMap<FridgeAlertSettings, TemperatureThresholds>();

/** The thresholds that apply: the profile's, with the unit's overrides. */
export function thresholdsOf(settings: FridgeAlertSettings): TemperatureThresholds {
  let merged = mergedThresholds.get(settings);
  if (merged === undefined) {
    merged = Object.freeze({ ...PROFILE_THRESHOLDS[settings.profile], ...settings.thresholds });
    mergedThresholds.set(settings, merged);
  }
  return merged;
}

/**
 * The safe band of a unit, as its charts and the network's "hours out of safe temperature" show it:
 * up to the warning limit, down to the cold limit (none for a freezer: colder is fine). Derived from
 * the thresholds the alert rules apply, so an organiser's override or the freezer profile moves the
 * chart with the alerts. Null when no warm rule applies (a pantry, or the rule turned off).
 */
export interface SafeBand {
  lowCelsius: number | null;
  highCelsius: number;
}

export function safeBandOf(
  saved: FridgeAlertSettings | null | undefined,
  kind: 'fridge' | 'pantry',
): SafeBand | null {
  const thresholds = thresholdsOf(saved ?? defaultAlertSettings(kind));
  if (thresholds.warnAboveCelsius === null) return null;
  return { lowCelsius: thresholds.coldBelowCelsius, highCelsius: thresholds.warnAboveCelsius };
}

/**
 * Why a set of thresholds makes no sense, as `field: message`, or null when it does. A warning
 * limit above a critical one would let food turn critical with no warning first, and a cold
 * limit at or above the warm one would alert on every reading. Checked on the thresholds that
 * apply (profile defaults merged with the overrides), naming the overridden field when there is one.
 */
export function thresholdsProblem(
  thresholds: TemperatureThresholds,
  overridden: Partial<TemperatureThresholds> = {},
): string | null {
  const warn = thresholds.warnAboveCelsius;
  const blame = (a: keyof TemperatureThresholds, b: keyof TemperatureThresholds) =>
    a in overridden || !(b in overridden) ? a : b;
  const critical: Array<keyof TemperatureThresholds> = [
    'criticalTotalAboveCelsius',
    'criticalAboveCelsius',
    'criticalAtOnceAboveCelsius',
  ];
  if (warn !== null) {
    for (const field of critical) {
      const limit = thresholds[field];
      if (limit !== null && warn > limit)
        return `thresholds.${blame('warnAboveCelsius', field)}: the warning threshold warnAboveCelsius (${warn} °C) is above the critical ${field} (${limit} °C)`;
    }
  }
  const cold = thresholds.coldBelowCelsius;
  if (cold !== null && warn !== null && cold >= warn)
    return `thresholds.${blame('coldBelowCelsius', 'warnAboveCelsius')}: coldBelowCelsius (${cold} °C) must be below warnAboveCelsius (${warn} °C)`;
  return null;
}
