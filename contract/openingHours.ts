import Type, { type Static } from 'typebox';

/**
 * Opening hours of a fridge: a week of time ranges in the site's time zone, a small subset of
 * OpenStreetMap's `opening_hours` syntax (https://wiki.openstreetmap.org/wiki/Key:opening_hours).
 *
 * - Each weekday (`mo` … `su`) holds a list of ranges `{ from: "HH:MM", to: "HH:MM" }`; a day
 *   missing or with an empty list is closed.
 * - `to` may be `24:00` (open until midnight). A range whose `to` is earlier than its `from`
 *   runs past midnight into the next day (`fr 22:00-02:00` covers Saturday 00:00-02:00), as in OSM.
 * - `from === to` is refused: use `00:00-24:00` for a whole day.
 * - Round the clock every day: every day `00:00-24:00`, written `24/7`.
 * - `null` on a fridge means "hours not stated": `openNow` is then `null`, not `true`.
 *
 * The same pure functions serve the server (the public status, GeoJSON) and the dashboard.
 */
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const OPENING_LIMITS = { rangesPerDay: 6, textLength: 300 } as const;

const HOUR_MINUTE = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';
export const OpeningRangeSchema = Type.Object(
  {
    from: Type.String({ pattern: HOUR_MINUTE, description: 'HH:MM, site time' }),
    to: Type.String({
      pattern: HOUR_MINUTE,
      description: 'HH:MM or 24:00; before `from` runs past midnight',
    }),
  },
  { additionalProperties: false },
);
export type OpeningRange = Static<typeof OpeningRangeSchema>;

const DayRanges = Type.Array(OpeningRangeSchema, { maxItems: OPENING_LIMITS.rangesPerDay });
export const OpeningHoursSchema = Type.Object(
  {
    mo: Type.Optional(DayRanges),
    tu: Type.Optional(DayRanges),
    we: Type.Optional(DayRanges),
    th: Type.Optional(DayRanges),
    fr: Type.Optional(DayRanges),
    sa: Type.Optional(DayRanges),
    su: Type.Optional(DayRanges),
  },
  {
    additionalProperties: false,
    description: 'weekly ranges in the site time zone; a missing day is closed',
  },
);
export type OpeningHours = Static<typeof OpeningHoursSchema>;

export const ALWAYS_OPEN: OpeningHours = Object.fromEntries(
  WEEKDAYS.map((day) => [day, [{ from: '00:00', to: '24:00' }]]),
) as OpeningHours;

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Problems with hours the schema cannot see (`from === to`), as `path: message`; empty when fine. */
export function openingHoursProblems(hours: OpeningHours, path = 'openingHours'): string[] {
  const problems: string[] = [];
  for (const day of WEEKDAYS) {
    (hours[day] ?? []).forEach((range, index) => {
      if (minutesOf(range.from) === minutesOf(range.to) || range.from === '24:00') {
        problems.push(`${path}.${day}[${index}]: from and to must differ and from must be before 24:00`);
      }
    });
  }
  return problems;
}

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

/** Weekday (0 = Monday) and minute of the day of `instantMs` in `timeZone`. */
export function localWeekMinute(instantMs: number, timeZone: string): { weekday: number; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    weekday: SHORT_DAYS[part('weekday')] ?? 0,
    minute: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

/** Whether a fridge with `hours` is open at `instantMs` (epoch ms) in the site's `timeZone`. */
export function isOpenAt(hours: OpeningHours, instantMs: number, timeZone: string): boolean {
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

const OSM_DAYS: Record<Weekday, string> = {
  mo: 'Mo',
  tu: 'Tu',
  we: 'We',
  th: 'Th',
  fr: 'Fr',
  sa: 'Sa',
  su: 'Su',
};

/** The hours in OSM `opening_hours` syntax, e.g. `Mo-Fr 08:00-20:00; Sa 10:00-14:00`. */
export function formatOpeningHours(hours: OpeningHours): string {
  const dayText = WEEKDAYS.map((day) => (hours[day] ?? []).map((r) => `${r.from}-${r.to}`).join(','));
  if (dayText.every((text) => text === '00:00-24:00')) return '24/7';
  const rules: string[] = [];
  let start = 0;
  while (start < 7) {
    let end = start;
    while (end + 1 < 7 && dayText[end + 1] === dayText[start]) end += 1;
    const text = dayText[start];
    if (text) {
      const first = OSM_DAYS[WEEKDAYS[start] as Weekday];
      const days =
        end === start
          ? first
          : `${first}${end === start + 1 ? ',' : '-'}${OSM_DAYS[WEEKDAYS[end] as Weekday]}`;
      rules.push(`${days} ${text}`);
    }
    start = end + 1;
  }
  return rules.length === 0 ? 'off' : rules.join('; ');
}

/**
 * Reads the subset written by `formatOpeningHours` (what an organiser types): `24/7`, `off`, or
 * rules `Days Ranges` separated by `;`, days as `Mo`, `Mo-Fr`, `Mo,We,Fr`; ranges `HH:MM-HH:MM`
 * separated by `,`. Later rules replace earlier ones for the days they name, as in OSM.
 */
export function parseOpeningHours(text: string): { hours: OpeningHours } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '24/7') return { hours: ALWAYS_OPEN };
  const hours: OpeningHours = {};
  if (trimmed === 'off' || trimmed === '') return { hours };
  const dayIndex = (name: string) => Object.values(OSM_DAYS).indexOf(name);
  for (const rule of trimmed
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z,-]+)\s+(.+)$/.exec(rule);
    if (!match) return { error: `"${rule}": expected days then times, e.g. "Mo-Fr 08:00-20:00"` };
    const days: Weekday[] = [];
    for (const part of (match[1] as string).split(',')) {
      const [a, b] = part.split('-');
      const from = dayIndex(a ?? '');
      const to = b === undefined ? from : dayIndex(b);
      if (from < 0 || to < 0) return { error: `"${part}": days are Mo Tu We Th Fr Sa Su` };
      for (let i = from; ; i = (i + 1) % 7) {
        days.push(WEEKDAYS[i] as Weekday);
        if (i === to) break;
      }
    }
    const timeText = (match[2] as string).trim();
    const ranges: OpeningRange[] = [];
    if (timeText !== 'off') {
      for (const span of timeText.split(',').map((s) => s.trim())) {
        const times = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(span);
        const valid = new RegExp(HOUR_MINUTE);
        if (!times || !valid.test(times[1] as string) || !valid.test(times[2] as string)) {
          return { error: `"${span}": times are HH:MM-HH:MM, e.g. 08:00-20:00` };
        }
        ranges.push({ from: times[1] as string, to: times[2] as string });
      }
    }
    for (const day of days) hours[day] = ranges;
  }
  const problems = openingHoursProblems(hours);
  return problems.length > 0 ? { error: problems.join('; ') } : { hours };
}
