/** Calendar arithmetic at a fixed UTC offset (minutes east of UTC: +60 for CET, −300 for EST). */

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const localMs = (epochMs: number, utcOffsetMinutes: number) => epochMs + utcOffsetMinutes * 60_000;

/** Epoch ms of the local midnight that starts the day `epochMs` falls in. */
export function startOfLocalDay(epochMs: number, utcOffsetMinutes: number): number {
  const local = localMs(epochMs, utcOffsetMinutes);
  return Math.floor(local / MS_PER_DAY) * MS_PER_DAY - utcOffsetMinutes * 60_000;
}

/** Epoch ms of the local Monday midnight that starts the ISO 8601 week `epochMs` falls in. */
export function startOfLocalWeek(epochMs: number, utcOffsetMinutes: number): number {
  const dayStart = startOfLocalDay(epochMs, utcOffsetMinutes);
  const dayNumber = Math.floor(localMs(epochMs, utcOffsetMinutes) / MS_PER_DAY);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 when Monday is 0.
  const weekday = (((dayNumber + 3) % 7) + 7) % 7;
  return dayStart - weekday * MS_PER_DAY;
}

/** Local hour of day, fractional, in [0, 24). */
export function localHourOfDay(epochMs: number, utcOffsetMinutes: number): number {
  const local = localMs(epochMs, utcOffsetMinutes);
  return (((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR;
}
