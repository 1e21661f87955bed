import type { TemperatureReason, TemperatureStatus } from '../../../contract/api';
import { DEFAULT_LANGUAGE, type ServerWords, wordsFor } from '../../i18n';
import { formatLocalTime } from '../timeOfDay';
import type { AlertProfile } from './config';
import { type Alert, type AlertType, alertDurationMs, type FridgeAlertState } from './types';

/** "40 min", "2 h", "2 h 10 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

const celsius = (value: number | null) => (value === null ? '' : ` (${value.toFixed(1)} °C)`);

const ENGLISH = wordsFor(DEFAULT_LANGUAGE);

/** What a neighbour at the fridge should do, by how bad it is. */
function warmAdvice(profile: AlertProfile, critical: boolean, words: ServerWords = ENGLISH): string {
  return words.alerts.warmAdvice[profile === 'freezer' ? 'freezer' : 'fridge'](critical);
}

/** A temperature in the site's unit (°C), one decimal, as the language writes it ("6.6 °C", "6,6 °C"). */
export function formatCelsius(value: number, words: ServerWords): string {
  const figure = new Intl.NumberFormat(words.locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    useGrouping: false,
  }).format(value);
  return `${figure} °C`;
}

/** A duration in whole minutes, rounded down as the rules count them, in the language's words. */
export function formatLasted(ms: number, words: ServerWords): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return minutes < 60 ? words.duration(0, minutes) : words.duration(Math.floor(minutes / 60), minutes % 60);
}

/**
 * The alert in one line: the notice's title and, in English, the API's `summary` and the
 * organisers' delivery log.
 */
export function alertSummary(
  alert: Alert,
  fridgeName: string,
  profile: AlertProfile,
  nowMs: number,
  words: ServerWords = ENGLISH,
): string {
  const t = words.alerts.summary;
  const lasted = formatLasted(alertDurationMs(alert, nowMs), words);
  const peak = alert.peakCelsius === null ? null : formatCelsius(alert.peakCelsius, words);
  const devices = (alert.details.deviceIds ?? []).join(', ');
  switch (alert.type) {
    case 'tooWarm': {
      const unit = words.alerts.unit[profile === 'freezer' ? 'freezer' : 'fridge'];
      const critical = alert.severity === 'critical';
      return t.tooWarm(fridgeName, unit, critical, lasted, peak, alert.details.steadyRise === true);
    }
    case 'tooCold':
      return t.tooCold(fridgeName, peak);
    case 'doorAjar':
      return t.doorAjar(fridgeName, lasted);
    case 'doorSwitchFaulty':
      return t.doorSwitchFaulty(fridgeName, lasted);
    case 'deviceSilent':
      return t.deviceSilent(fridgeName, devices, alert.details.offline === true, lasted);
    case 'probeSilent':
      return t.probeSilent(fridgeName, lasted);
    case 'lowBattery':
      return t.lowBattery(fridgeName, Math.round((alert.details.battery ?? 0) * 100), devices);
    case 'sensorFault': {
      const reasons: Readonly<Record<string, string>> = words.alerts.faultReasons;
      const worded = (reason: string) => (Object.hasOwn(reasons, reason) ? reasons[reason] : reasons.unknown);
      const shelves = (alert.details.shelves ?? [])
        .map((s) => t.shelf(s.shelfId, worded(s.reason) ?? s.reason))
        .join(', ');
      return t.sensorFault(fridgeName, shelves);
    }
  }
}

/** What the alert means for someone at the fridge, and what a volunteer should do. */
export function alertAdvice(
  type: AlertType,
  profile: AlertProfile,
  critical: boolean,
  words: ServerWords = ENGLISH,
): string {
  const advice = words.alerts.advice;
  return type === 'tooWarm' ? advice.tooWarm(warmAdvice(profile, critical, words)) : advice[type];
}

export interface TemperatureVerdict {
  status: TemperatureStatus;
  sinceMs: number | null;
  /** The English sentence, for API and e-mail consumers. */
  text: string | null;
  /** The same verdict as a code and figures, for pages that word it in the reader's language and unit. */
  reason: TemperatureReason | null;
}

function reasonOf(
  code: TemperatureReason['code'],
  profile: AlertProfile,
  figures: Partial<Omit<TemperatureReason, 'code' | 'freezer'>> = {},
): TemperatureReason {
  return {
    code,
    freezer: profile === 'freezer',
    critical: figures.critical ?? false,
    steadyRise: figures.steadyRise ?? false,
    endedAt: figures.endedAt ?? null,
    celsius: figures.celsius ?? null,
  };
}

/**
 * The public temperature status: from the alert rules, never from one reading. Device warnings
 * stay off the public card, except a silent sensor: it tells a neighbour the figures are old.
 */
export function temperatureVerdict(input: {
  profile: AlertProfile;
  /** The limit above which the unit is warm (from its thresholds); null: no temperature rules. */
  warnAboveCelsius: number | null;
  celsius: number | null;
  alerts: FridgeAlertState['alerts'];
  nowMs: number;
  timeZone: string;
}): TemperatureVerdict {
  const { alerts, profile, nowMs, timeZone } = input;
  const silent = alerts.deviceSilent;
  if (silent && silent.clearedAtMs === null) {
    return {
      status: 'unknown',
      sinceMs: silent.startedAtMs,
      text: `Sensor offline since ${formatLocalTime(silent.startedAtMs, timeZone)}: the figures are old`,
      reason: reasonOf('sensorOffline', profile),
    };
  }
  if (profile === 'none') return { status: 'unknown', sinceMs: null, text: null, reason: null };
  const probe = alerts.probeSilent;
  if (probe && probe.clearedAtMs === null) {
    return {
      status: 'unknown',
      sinceMs: probe.startedAtMs,
      text: `Temperature sensor offline since ${formatLocalTime(probe.startedAtMs, timeZone)}: the figure is old`,
      reason: reasonOf('probeOffline', profile),
    };
  }
  if (input.celsius === null)
    return {
      status: 'unknown',
      sinceMs: null,
      text: 'No temperature reading yet',
      reason: reasonOf('noReading', profile),
    };
  const warm = alerts.tooWarm;
  if (warm) {
    const critical = warm.severity === 'critical';
    const lasted = formatDuration(alertDurationMs(warm, nowMs));
    const cause = warm.details.steadyRise ? ' (rising with the door shut: power cut?)' : '';
    const back = warm.clearedAtMs !== null ? '; cold again, being watched' : '';
    return {
      status: warm.severity,
      sinceMs: warm.startedAtMs,
      text: `Too warm for ${lasted}${cause}: ${warmAdvice(profile, critical)}${back}`,
      reason: reasonOf('tooWarm', profile, {
        critical,
        steadyRise: warm.details.steadyRise === true,
        endedAt: warm.clearedAtMs === null ? null : new Date(warm.clearedAtMs).toISOString(),
      }),
    };
  }
  const cold = alerts.tooCold;
  if (cold)
    return {
      status: 'warning',
      sinceMs: cold.startedAtMs,
      text: `Too cold${celsius(cold.peakCelsius)}: some food may have frozen`,
      reason: reasonOf('tooCold', profile, { celsius: cold.peakCelsius }),
    };
  // Warm air that no rule flags: a door was just opened, or the spell is too short to matter yet.
  if (input.warnAboveCelsius !== null && input.celsius > input.warnAboveCelsius)
    return {
      status: 'ok',
      sinceMs: null,
      text: `Above ${input.warnAboveCelsius} °C for now, as after a door opening; an alert follows if it stays warm`,
      reason: reasonOf('warmForNow', profile, { celsius: input.warnAboveCelsius }),
    };
  return {
    status: 'ok',
    sinceMs: null,
    text: profile === 'freezer' ? 'Frozen' : 'Cold enough',
    reason: reasonOf(profile === 'freezer' ? 'frozen' : 'cold', profile),
  };
}
