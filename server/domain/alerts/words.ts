import type { TemperatureReason, TemperatureStatus } from '../../../contract/api';
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

/** What a neighbour at the fridge should do, by how bad it is. */
function warmAdvice(profile: AlertProfile, critical: boolean): string {
  if (profile === 'freezer')
    return critical
      ? 'food may have thawed: take no meat, fish or ready meals'
      : 'food may be starting to thaw: take only what you will cook today';
  return critical
    ? 'do not take meat, dairy, cooked food or other perishables'
    : 'take no meat, dairy or cooked food';
}

/** The alert in one line: the notice's title and the API's `summary`. */
export function alertSummary(alert: Alert, fridgeName: string, profile: AlertProfile, nowMs: number): string {
  const lasted = formatDuration(alertDurationMs(alert, nowMs));
  const unit = profile === 'freezer' ? 'freezer' : 'fridge';
  switch (alert.type) {
    case 'tooWarm': {
      const cause = alert.details.steadyRise
        ? ', rising steadily with the door closed: a power cut or a failed compressor?'
        : '';
      const how = alert.severity === 'critical' ? 'unsafe' : 'too warm';
      return `${fridgeName}: ${unit} ${how} for ${lasted}${celsius(alert.peakCelsius)}${cause}`;
    }
    case 'tooCold':
      return `${fridgeName}: too cold${celsius(alert.peakCelsius)}, food may freeze`;
    case 'doorAjar':
      return `${fridgeName}: door open for ${lasted}`;
    case 'doorSwitchFaulty':
      return `${fridgeName}: door switch may be faulty (open ${lasted} and no shelf moved)`;
    case 'deviceSilent': {
      const devices = (alert.details.deviceIds ?? []).join(', ');
      const why = alert.details.offline ? 'went offline' : 'is silent';
      return `${fridgeName}: sensor ${devices} ${why} for ${lasted}`;
    }
    case 'probeSilent':
      return `${fridgeName}: no temperature for ${lasted}; the probe may be unplugged`;
    case 'lowBattery':
      return `${fridgeName}: battery low (${Math.round((alert.details.battery ?? 0) * 100)} %) on ${(alert.details.deviceIds ?? []).join(', ')}`;
    case 'sensorFault': {
      const shelves = (alert.details.shelves ?? []).map((s) => `shelf ${s.shelfId} (${s.reason})`).join(', ');
      return `${fridgeName}: load cell fault on ${shelves}`;
    }
  }
}

/** What the alert means for someone at the fridge, and what a volunteer should do. */
export function alertAdvice(type: AlertType, profile: AlertProfile, critical: boolean): string {
  switch (type) {
    case 'tooWarm':
      return `Neighbours are told to ${warmAdvice(profile, critical)}. Check the plug and the thermostat; move perishables to a working fridge.`;
    case 'tooCold':
      return 'Turn the thermostat up a step; check for frozen milk, eggs and salad.';
    case 'doorAjar':
      return 'Someone nearby should close the door; the fridge warms while it stands open.';
    case 'doorSwitchFaulty':
      return 'Nobody has touched the shelves while the door reads open: check the door switch and its magnet.';
    case 'deviceSilent':
      return 'The figures on the public page are old until it reports again. Check its power and Wi-Fi.';
    case 'probeSilent':
      return 'The device still reports, but its temperature probe does not: check the probe and its cable.';
    case 'lowBattery':
      return 'Replace or charge the battery before the sensor goes silent.';
    case 'sensorFault':
      return 'The stock figure ignores this shelf until it reads sensibly again. Check its load cell and wiring.';
  }
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
