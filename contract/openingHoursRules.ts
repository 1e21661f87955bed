/**
 * The rules of opening hours without their TypeBox schemas (those stay in contract/openingHours.ts,
 * which takes its limits from here): whether a fridge is open at an instant, and the limits. The
 * public list imports `isOpenAt` from here to judge "open now" by its own clock, so no value import
 * from a module that builds schemas (it would add the TypeBox runtime, about 20 KB gzipped, to the
 * list's bundle; type imports are free). The text an organiser types is in openingHoursText.ts,
 * so the list's bundle does not carry its parser either.
 *
 * The hours are a week of time ranges in the site's time zone, a small subset of OpenStreetMap's
 * `opening_hours` syntax (https://wiki.openstreetmap.org/wiki/Key:opening_hours):
 * - each weekday (`mo` … `su`) holds a list of ranges `{ from: "HH:MM", to: "HH:MM" }`; a day
 *   missing or with an empty list is closed;
 * - `to` may be `24:00` (open until midnight); a range whose `to` is earlier than its `from`
 *   runs past midnight into the next day (`fr 22:00-02:00` covers Saturday 00:00-02:00), as in OSM;
 * - `from === to` is refused: use `00:00-24:00` for a whole day; every day `00:00-24:00` is `24/7`;
 * - `null` on a fridge means "hours not stated": `openNow` is then `null`, not `true`.
 */
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/**
 * A week of ranges as these rules read it: contract/openingHours.ts's `OpeningHours` fits it. Said
 * here rather than imported, since that file imports this one (tests/architecture/importCircles).
 */
export type WeekRanges = Partial<Record<Weekday, ReadonlyArray<{ from: string; to: string }>>>;

export const OPENING_LIMITS = { rangesPerDay: 6, textLength: 300 } as const;

/** `HH:MM` from 00:00 to 23:59, or `24:00`. */
export const HOUR_MINUTE_PATTERN = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';

/** Minutes since midnight of `HH:MM` (`24:00` is 1440). */
export const minutesOf = (clock: string): number =>
  Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

const localParts = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = localParts.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    localParts.set(timeZone, formatter);
  }
  return formatter;
}
const SHORT_DAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/**
 * The last answer per time zone: a list asks for every card at the same instant (the page's
 * clock), and `formatToParts` was most of judging "open now" for 50 cards (docs/benchmarks.md,
 * section 5).
 */
const lastLocal = new Map<string, { instantMs: number; local: { weekday: number; minute: number } }>();

/** Weekday (0 = Monday) and minute of the day of `instantMs` in `timeZone`. */
export function localWeekMinute(instantMs: number, timeZone: string): { weekday: number; minute: number } {
  const last = lastLocal.get(timeZone);
  if (last !== undefined && last.instantMs === instantMs) return { ...last.local };
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const local = {
    weekday: SHORT_DAYS[part('weekday')] ?? 0,
    minute: Number(part('hour')) * 60 + Number(part('minute')),
  };
  lastLocal.set(timeZone, { instantMs, local });
  return { ...local };
}

/** Whether a fridge with `hours` is open at `instantMs` (epoch ms) in the site's `timeZone`. */
export function isOpenAt(hours: WeekRanges, instantMs: number, timeZone: string): boolean {
  const { weekday, minute } = localWeekMinute(instantMs, timeZone);
  const today = WEEKDAYS[weekday] as Weekday;
  const yesterday = WEEKDAYS[(weekday + 6) % 7] as Weekday;
  for (const range of hours[today] ?? []) {
    const from = minutesOf(range.from);
    const to = minutesOf(range.to);
    if (to > from ? minute >= from && minute < to : minute >= from) return true;
  }
  // Yesterday's ranges that run past midnight cover this morning.
  for (const range of hours[yesterday] ?? []) {
    const from = minutesOf(range.from);
    const to = minutesOf(range.to);
    if (to < from && minute < to) return true;
  }
  return false;
}
