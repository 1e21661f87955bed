import type { TemperatureLog } from '../../../contract/alerts';

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180 §2). */
const field = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The temperature log as CSV: a header row and one row per hour; an hour in which an excursion
 * was going on names it, with its peak and the action noted, so the sheet alone is the record.
 */
export function temperatureLogCsv(log: TemperatureLog): string {
  const rows = [
    [
      'hour_utc',
      'min_celsius',
      'max_celsius',
      'mean_celsius',
      'readings',
      'excursion',
      'peak_celsius',
      'action',
    ],
  ];
  for (const hour of log.hours) {
    const startMs = Date.parse(hour.hour);
    const endMs = startMs + 3_600_000;
    const excursion = log.excursions.find(
      (e) => Date.parse(e.start) < endMs && (e.end === null || Date.parse(e.end) >= startMs),
    );
    rows.push([
      hour.hour,
      String(hour.minCelsius),
      String(hour.maxCelsius),
      String(hour.meanCelsius),
      String(hour.readings),
      excursion ? `${excursion.type} ${excursion.severity}` : '',
      excursion?.peakCelsius === null || excursion === undefined ? '' : String(excursion.peakCelsius),
      excursion?.action ?? '',
    ]);
  }
  return `${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
