/**
 * Local time of day in the site's time zone, for rules that speak in wall-clock hours (quiet
 * hours, a fridge's active hours, an ETA a volunteer reads). Pure: the same instant and zone
 * always give the same answer; the zone's rules come from the ICU data Node ships with.
 */

/** A daily window of local time, `HH:MM` to `HH:MM`; it wraps past midnight when `from` > `to`. */
export interface DailyWindow {
  from: string;
  to: string;
}

export const CLOCK_TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const clockTime = new RegExp(CLOCK_TIME_PATTERN);
const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;

/** Minutes after midnight of an `HH:MM` string; throws on anything else. */
export function minutesOfClockTime(value: string): number {
  if (!clockTime.test(value)) throw new RangeError(`"${value}" is not a time of day (HH:MM)`);
  return Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError naming the zone when the runtime does not know it. */
export function checkTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** Minutes after local midnight at instant `ms` in `timeZone` (0..1439). */
export function localMinutesOfDay(ms: number, timeZone: string): number {
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return (hour % 24) * 60 + minute;
}

/** `HH:MM` of instant `ms` in `timeZone`, as a volunteer reads an ETA. */
export function formatLocalTime(ms: number, timeZone: string): string {
  const minutes = localMinutesOfDay(ms, timeZone);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Whether local time at `ms` lies in the window; `from` = `to` is an empty window. */
export function isInDailyWindow(ms: number, window: DailyWindow, timeZone: string): boolean {
  const from = minutesOfClockTime(window.from);
  const to = minutesOfClockTime(window.to);
  if (from === to) return false;
  const now = localMinutesOfDay(ms, timeZone);
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/**
 * The first instant at or after `ms` when local time reads the window's `to`: when held
 * notices may go out. Walks by whole minutes, correcting once for a DST change in between.
 */
export function endOfDailyWindow(ms: number, window: DailyWindow, timeZone: string): number {
  const to = minutesOfClockTime(window.to);
  const startOfMinute = ms - (ms % MS_PER_MINUTE);
  const minutesAhead = (to - localMinutesOfDay(ms, timeZone) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  let candidate = startOfMinute + minutesAhead * MS_PER_MINUTE;
  // Across a DST change the wall clock jumps; one correction lands on the right local minute.
  const drift = (to - localMinutesOfDay(candidate, timeZone) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  if (drift !== 0) {
    const signed = drift > MINUTES_PER_DAY / 2 ? drift - MINUTES_PER_DAY : drift;
    candidate += signed * MS_PER_MINUTE;
  }
  return Math.max(ms, candidate);
}
