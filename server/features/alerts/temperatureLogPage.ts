import type { TemperatureLog } from '../../../contract/alerts';
import { escapeHtml } from '../../api/htmlPages';

const time = (iso: string | null) =>
  iso === null ? 'ongoing' : escapeHtml(iso.slice(0, 16).replace('T', ' '));

/**
 * The temperature log as a page to print and file (health departments ask community fridges for
 * one): the excursions with their actions first, then one row per hour. Times are UTC.
 */
export function temperatureLogHtml(log: TemperatureLog, fridgeName: string): string {
  const excursions =
    log.excursions.length === 0
      ? '<p>No excursions in this period.</p>'
      : `<table><thead><tr><th>Start</th><th>End</th><th>What</th><th>Peak °C</th><th>Action taken</th></tr></thead><tbody>${log.excursions
          .map(
            (e) =>
              `<tr><td>${time(e.start)}</td><td>${time(e.end)}</td><td>${escapeHtml(`${e.type} ${e.severity}`)}</td><td>${
                e.peakCelsius ?? ''
              }</td><td>${escapeHtml(e.action ?? '')}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const hours = `<table><thead><tr><th>Hour (UTC)</th><th>Min °C</th><th>Max °C</th><th>Mean °C</th><th>Readings</th></tr></thead><tbody>${log.hours
    .map(
      (h) =>
        `<tr><td>${time(h.hour)}</td><td>${h.minCelsius}</td><td>${h.maxCelsius}</td><td>${h.meanCelsius}</td><td>${h.readings}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  return `<p>${escapeHtml(fridgeName)}, ${time(log.from)} to ${time(log.to)} UTC.</p>
<style>table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
td, th { border: 1px solid #ccd; padding: .2rem .4rem; text-align: left; } @media print { main { box-shadow: none; } }</style>
<h2>Excursions</h2>${excursions}<h2>Hourly readings</h2>${hours}
<p class="muted">Limits: 5 °C (FDA Food Code 3-501.16); 2 h above it in total is critical (USDA). Signed: ______________</p>`;
}
