/**
 * One formatter per zone: making an `Intl.DateTimeFormat` costs far more than using one, and this
 * runs per fridge (its status's activity summary), 10,000 times in a start-up at 10,000 fridges.
 */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  return format;
}

/** Minutes east of UTC in `timeZone` at instant `ms` (daylight saving included). */
export function utcOffsetMinutes(ms: number, timeZone: string): number {
  const parts = offsetFormat(timeZone).formatToParts(new Date(ms));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The zone the site runs in: the configured one, else the machine's. */
export const siteTimeZone = (configured: string | null): string =>
  configured ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
