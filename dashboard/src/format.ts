import type {
  DeviceStatus,
  FridgeKind,
  FridgeStatus,
  StockLevel,
  TemperatureStatus,
} from '../../contract/api';

/** What every figure says when the server has never measured it (`null` on the API). */
export const NO_READING = 'no reading yet';

const LEVEL_WORDS: Record<StockLevel, string> = {
  empty: 'Empty',
  few: 'A few items',
  many: 'Plenty',
  full: 'Full',
};

export function levelWords(level: StockLevel | null): string {
  return level === null ? NO_READING : LEVEL_WORDS[level];
}

const KIND_WORDS: Record<FridgeKind, string> = { fridge: 'Fridge', pantry: 'Pantry' };

export function kindWords(kind: FridgeKind): string {
  return KIND_WORDS[kind];
}

/**
 * Whether the alert rules judge the food at risk. The server decides, over time (FDA Food Code
 * 5 °C, USDA 2 h; see docs/alerts.md): one warm reading after a door opening is not an alarm.
 */
export function isTemperatureAlarm(status: TemperatureStatus): boolean {
  return status === 'warning' || status === 'critical';
}

/** The status in words for the card; nothing to say when all is well or nobody judges it. */
export function temperatureStatusWords(temperature: FridgeStatus['temperature']): string | null {
  if (temperature.status === 'ok') return null;
  return temperature.text;
}

/** One decimal, never "-0.0". */
export function oneDecimal(value: number): string {
  const text = value.toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

export function formatCelsius(celsius: number | null): string {
  return celsius === null ? NO_READING : `${oneDecimal(celsius)} °C`;
}

/** "12.4 kg"; whole numbers without the ".0" ("40 kg"). */
export function formatKg(kg: number | null): string {
  if (kg === null) return NO_READING;
  const text = oneDecimal(kg);
  return `${text.endsWith('.0') ? text.slice(0, -2) : text} kg`;
}

export function formatPercent(percent: number | null): string {
  return percent === null ? NO_READING : `${Math.round(percent)}%`;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "less than a minute", "3 min", "2 h 5 min", "3 days". Negative durations count as zero. */
export function durationWords(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < MINUTE_MS) return 'less than a minute';
  if (safe < HOUR_MS) return `${Math.floor(safe / MINUTE_MS)} min`;
  if (safe < DAY_MS) {
    const hours = Math.floor(safe / HOUR_MS);
    const minutes = Math.floor((safe % HOUR_MS) / MINUTE_MS);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(safe / DAY_MS);
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * How long ago `iso` was, in words: "just now", "2 min ago", "3 h ago", "2 days ago".
 * Times slightly in the future (the browser's clock a little behind the server's) read "just now";
 * times further ahead say so rather than hide a wrong clock.
 */
export function relativeTime(iso: string | null, nowMs: number): string {
  if (iso === null) return NO_READING;
  const thenMs = Date.parse(iso);
  if (Number.isNaN(thenMs)) return NO_READING;
  const agoMs = nowMs - thenMs;
  if (agoMs < -2 * MINUTE_MS) return `${durationWords(-agoMs)} in the future (check the clocks)`;
  if (agoMs < MINUTE_MS) return 'just now';
  if (agoMs < HOUR_MS) return `${Math.floor(agoMs / MINUTE_MS)} min ago`;
  if (agoMs < DAY_MS) return `${Math.floor(agoMs / HOUR_MS)} h ago`;
  const days = Math.floor(agoMs / DAY_MS);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** "updated 2 min ago", or NO_READING when nothing was ever heard. */
export function updatedWords(iso: string | null, nowMs: number): string {
  return iso === null ? NO_READING : `updated ${relativeTime(iso, nowMs)}`;
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
  if (door.open === null) return NO_READING;
  if (!door.open) return 'Closed';
  if (door.since === null) return 'Open';
  const sinceMs = Date.parse(door.since);
  return Number.isNaN(sinceMs) ? 'Open' : `Open for ${durationWords(nowMs - sinceMs)}`;
}

export function onlineWords(online: boolean): string {
  return online ? 'Online' : 'Offline';
}

/** Device battery arrives as a fraction 0..1 (see `deviceStatus` in contract/payloads.ts). */
export function formatBattery(battery: DeviceStatus['battery']): string {
  return battery === null ? NO_READING : `${Math.round(battery * 100)}%`;
}

/**
 * Received signal strength in words. The bands are the usual Wi-Fi rule of thumb
 * (-60 dBm and above strong, down to -70 good, down to -80 fair, below that weak).
 */
export function signalWords(rssi: number | null): string {
  if (rssi === null) return NO_READING;
  const quality = rssi >= -60 ? 'strong' : rssi >= -70 ? 'good' : rssi >= -80 ? 'fair' : 'weak';
  return `${Math.round(rssi)} dBm (${quality})`;
}

/** A wall-clock time for tooltips and tables, in the reader's locale and time zone unless given. */
export function formatDateTime(
  iso: string | null,
  options: { locale?: string; timeZone?: string } = {},
): string {
  if (iso === null) return NO_READING;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return NO_READING;
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: options.timeZone,
  }).format(ms);
}

/** One line over the list: "4 places · 2 need food · 1 too warm · 1 offline". */
export function siteSummary(
  fridges: readonly Pick<FridgeStatus, 'kind' | 'online' | 'stock' | 'temperature'>[],
): string {
  const count = fridges.length;
  const parts = [count === 1 ? '1 place' : `${count} places`];
  const needFood = fridges.filter((f) => f.stock.level === 'empty' || f.stock.level === 'few').length;
  const warm = fridges.filter((f) => isTemperatureAlarm(f.temperature.status)).length;
  const offline = fridges.filter((f) => !f.online).length;
  if (needFood > 0) parts.push(needFood === 1 ? '1 needs food' : `${needFood} need food`);
  if (warm > 0) parts.push(`${warm} too warm`);
  if (offline > 0) parts.push(`${offline} offline`);
  return parts.join(' · ');
}

/** A device battery at or below a fifth is flagged, the level at which phones start warning too. */
export const LOW_BATTERY_FRACTION = 0.2;

export function isLowBattery(battery: number | null): boolean {
  return battery !== null && battery <= LOW_BATTERY_FRACTION;
}
