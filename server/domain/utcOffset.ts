/** Minutes east of UTC in `timeZone` at instant `ms` (daylight saving included). */
export function utcOffsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(
    new Date(ms),
  );
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The zone the site runs in: the configured one, else the machine's. */
export const siteTimeZone = (configured: string | null): string =>
  configured ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
