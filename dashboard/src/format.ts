import type {
  DeviceStatus,
  FridgeKind,
  FridgeStatus,
  StockLevel,
  TemperatureStatus,
} from '../../contract/api';
import { dateTimeFormat } from './date-formats';
import { activePreferences, intlLocale, msg } from './locale';

/** What every figure says when the server has never measured it (`null` on the API). */
export const NO_READING = 'no reading yet';
const noReading = (): string => msg().noReading;

export function levelWords(level: StockLevel | null): string {
  return level === null ? noReading() : msg().level[level];
}

export function kindWords(kind: FridgeKind): string {
  return msg().kind[kind];
}

/**
 * Whether the alert rules judge the food at risk. The server decides, over time (FDA Food Code
 * 5 °C, USDA 2 h; see docs/alerts.md): one warm reading after a door opening is not an alarm.
 */
export function isTemperatureAlarm(status: TemperatureStatus): boolean {
  return status === 'warning' || status === 'critical';
}

/** "14:02" in the reader's locale and time zone. */
export function shortTime(iso: string, timeZone?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '?';
  return dateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit', timeZone }).format(ms);
}

/** One decimal, never "-0.0". */
export function oneDecimal(value: number): string {
  const text = value.toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

/** "4.2 °C", or "39.6 °F" for a reader who reads Fahrenheit. */
export function formatCelsius(celsius: number | null): string {
  if (celsius === null) return noReading();
  return activePreferences().temperature === 'fahrenheit'
    ? `${oneDecimal((celsius * 9) / 5 + 32)} °F`
    : `${oneDecimal(celsius)} °C`;
}

/** The avoirdupois pound, exactly (international yard and pound agreement, 1959). */
export const KG_PER_POUND = 0.45359237;

/** A weight in the reader's unit, as a number: kg, or pounds. */
export function weightInUnit(kg: number): number {
  return activePreferences().weight === 'lb' ? kg / KG_PER_POUND : kg;
}

export function weightUnitSymbol(): string {
  return activePreferences().weight === 'lb' ? 'lb' : 'kg';
}

/** "12.4 kg" (or "27.3 lb"); whole numbers without the ".0" ("40 kg"). */
export function formatKg(kg: number | null): string {
  if (kg === null) return noReading();
  const text = oneDecimal(weightInUnit(kg));
  return `${text.endsWith('.0') ? text.slice(0, -2) : text} ${weightUnitSymbol()}`;
}

export function formatPercent(percent: number | null): string {
  return percent === null ? noReading() : `${Math.round(percent)}%`;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "less than a minute", "3 min", "2 h 5 min", "3 days". Negative durations count as zero. */
export function durationWords(ms: number): string {
  const words = msg().duration;
  const safe = Math.max(0, ms);
  if (safe < MINUTE_MS) return words.underAMinute;
  if (safe < HOUR_MS) return words.minutes(Math.floor(safe / MINUTE_MS));
  if (safe < DAY_MS) {
    const hours = Math.floor(safe / HOUR_MS);
    const minutes = Math.floor((safe % HOUR_MS) / MINUTE_MS);
    return minutes === 0 ? words.hours(hours) : words.hoursMinutes(hours, minutes);
  }
  return words.days(Math.floor(safe / DAY_MS));
}

/**
 * How long ago `iso` was, in words: "just now", "2 min ago", "3 h ago", "2 days ago".
 * Times slightly in the future (the browser's clock a little behind the server's) read "just now";
 * times further ahead say so rather than hide a wrong clock.
 */
export function relativeTime(iso: string | null, nowMs: number): string {
  if (iso === null) return noReading();
  const thenMs = Date.parse(iso);
  if (Number.isNaN(thenMs)) return noReading();
  const words = msg();
  const agoMs = nowMs - thenMs;
  if (agoMs < -2 * MINUTE_MS) return words.inTheFuture(durationWords(-agoMs));
  if (agoMs < MINUTE_MS) return words.justNow;
  if (agoMs < HOUR_MS) return words.ago(words.duration.minutes(Math.floor(agoMs / MINUTE_MS)));
  if (agoMs < DAY_MS) return words.ago(words.duration.hours(Math.floor(agoMs / HOUR_MS)));
  return words.ago(words.duration.days(Math.floor(agoMs / DAY_MS)));
}

/** "updated 2 min ago", or NO_READING when nothing was ever heard. */
export function updatedWords(iso: string | null, nowMs: number): string {
  return iso === null ? noReading() : msg().updated(relativeTime(iso, nowMs));
}

/** The newest of the given ISO times, or null when all are null (or unreadable). */
export function newestTime(times: readonly (string | null)[]): string | null {
  let newest: string | null = null;
  let newestMs = Number.NEGATIVE_INFINITY;
  for (const time of times) {
    if (time === null) continue;
    const ms = Date.parse(time);
    if (!Number.isNaN(ms) && ms > newestMs) {
      newest = time;
      newestMs = ms;
    }
  }
  return newest;
}

/** When anything was last heard from the fridge: a device, a shelf or the thermometer. */
export function fridgeUpdatedAt(
  fridge: Pick<FridgeStatus, 'lastSeen' | 'stock' | 'temperature'>,
): string | null {
  return newestTime([fridge.lastSeen, fridge.stock.asOf, fridge.temperature.asOf]);
}

/** "Open for 3 min", "Open", "Closed" or NO_READING. */
export function doorWords(door: FridgeStatus['door'], nowMs: number): string {
  const words = msg();
  if (door.open === null) return words.noReading;
  if (!door.open) return words.doorClosed;
  if (door.since === null) return words.doorOpen;
  const sinceMs = Date.parse(door.since);
  return Number.isNaN(sinceMs) ? words.doorOpen : words.doorOpenFor(durationWords(nowMs - sinceMs));
}

export function onlineWords(online: boolean): string {
  return online ? msg().online : msg().offline;
}

/** Device battery arrives as a fraction 0..1 (see `deviceStatus` in contract/payloads.ts). */
export function formatBattery(battery: DeviceStatus['battery']): string {
  return battery === null ? noReading() : `${Math.round(battery * 100)}%`;
}

/**
 * Received signal strength in words. The bands are the usual Wi-Fi rule of thumb
 * (-60 dBm and above strong, down to -70 good, down to -80 fair, below that weak).
 */
export function signalWords(rssi: number | null): string {
  if (rssi === null) return noReading();
  const quality = rssi >= -60 ? 'strong' : rssi >= -70 ? 'good' : rssi >= -80 ? 'fair' : 'weak';
  return `${Math.round(rssi)} dBm (${msg().sensors.signalQuality[quality]})`;
}

/** A wall-clock time for tooltips and tables, in the reader's locale and time zone unless given. */
export function formatDateTime(
  iso: string | null,
  options: { locale?: string; timeZone?: string } = {},
): string {
  if (iso === null) return noReading();
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return noReading();
  return dateTimeFormat(options.locale ?? intlLocale(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: options.timeZone,
  }).format(ms);
}

/** One line over the list: "4 places · 2 need food · 1 too warm · 1 offline". */
export function siteSummary(
  fridges: readonly Pick<FridgeStatus, 'kind' | 'online' | 'stock' | 'temperature'>[],
): string {
  const words = msg().list.summary;
  const parts = [words.places(fridges.length)];
  const needFood = fridges.filter((f) => f.stock.level === 'empty' || f.stock.level === 'few').length;
  const warm = fridges.filter((f) => isTemperatureAlarm(f.temperature.status)).length;
  const offline = fridges.filter((f) => !f.online).length;
  if (needFood > 0) parts.push(words.needFood(needFood));
  if (warm > 0) parts.push(words.tooWarm(warm));
  if (offline > 0) parts.push(words.offline(offline));
  return parts.join(' · ');
}

/** A device battery at or below a fifth is flagged, the level at which phones start warning too. */
export const LOW_BATTERY_FRACTION = 0.2;

export function isLowBattery(battery: number | null): boolean {
  return battery !== null && battery <= LOW_BATTERY_FRACTION;
}
