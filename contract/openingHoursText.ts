import type { OpeningHours, OpeningRange } from './openingHours';
import { HOUR_MINUTE_PATTERN, minutesOf, WEEKDAYS, type Weekday } from './openingHoursRules';

/**
 * Opening hours as text, in OpenStreetMap's `opening_hours` words
 * (https://wiki.openstreetmap.org/wiki/Key:opening_hours): what an organiser types and the GeoJSON
 * feed shows, and the checks the schema cannot express. Apart from contract/openingHoursRules.ts so
 * the public list, which only asks "open now?", does not download the parser.
 */
export const ALWAYS_OPEN: OpeningHours = Object.fromEntries(
  WEEKDAYS.map((day) => [day, [{ from: '00:00', to: '24:00' }]]),
) as OpeningHours;

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
        const valid = new RegExp(HOUR_MINUTE_PATTERN);
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
