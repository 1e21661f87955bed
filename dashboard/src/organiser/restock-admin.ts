import type { RestockRequestView } from '../../../contract/restock';
import { formatKg } from '../format';
import { minutesWords } from '../restock-format';
import type { Checked } from './forms';
import type { RestockHistory, RestockSettings } from './organiser-api';

/** The restock settings form as typed, and the restock history in figures, for organisers. */
export interface RestockSettingsFields {
  raiseAtLevel: RestockSettings['raiseAtLevel'];
  area: string;
  activeFrom: string;
  activeTo: string;
  forecastTrigger: boolean;
}

const CLOCK_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const AREA_LENGTH = 80;

export function settingsFieldsOf(settings: RestockSettings): RestockSettingsFields {
  return {
    raiseAtLevel: settings.raiseAtLevel,
    area: settings.area ?? '',
    activeFrom: settings.activeHours?.from ?? '',
    activeTo: settings.activeHours?.to ?? '',
    forecastTrigger: settings.forecastTrigger,
  };
}

/** Checks the form and makes the `PUT /api/fridges/{id}/restock-settings` body. */
export function checkRestockSettings(fields: RestockSettingsFields): Checked<RestockSettings> {
  const errors: Record<string, string> = {};
  const area = fields.area.trim();
  if (area.length > AREA_LENGTH) errors.area = `At most ${AREA_LENGTH} characters.`;
  const from = fields.activeFrom.trim();
  const to = fields.activeTo.trim();
  const hasHours = from !== '' || to !== '';
  if (hasHours) {
    if (!CLOCK_TIME.test(from)) errors.activeFrom = 'Enter when the active hours start, as HH:MM.';
    if (!CLOCK_TIME.test(to)) errors.activeTo = 'Enter when the active hours end, as HH:MM.';
    else if (from === to) errors.activeTo = 'The end must differ from the start.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      raiseAtLevel: fields.raiseAtLevel,
      area: area === '' ? null : area,
      activeHours: hasHours ? { from, to } : null,
      forecastTrigger: fields.forecastTrigger,
    },
  };
}

export interface Figure {
  label: string;
  value: string;
}

/** The figures organisers report to funders and volunteers: how fast requests are met, how much food. */
export function historyFigures(summary: RestockHistory['summary']): Figure[] {
  return [
    { label: 'Requests', value: String(summary.requests) },
    { label: 'Restocked', value: String(summary.fulfilled) },
    { label: 'Still open', value: String(summary.open) },
    { label: 'Cancelled', value: String(summary.cancelled) },
    { label: 'Expired unclaimed', value: String(summary.expired) },
    { label: 'Median time to claim', value: minutesWords(summary.medianMinutesToClaim) },
    { label: 'Median time to restock', value: minutesWords(summary.medianMinutesToFulfil) },
    { label: 'Food added', value: formatKg(summary.kgAdded) },
  ];
}

/** Who holds or held a request, for organisers: the claimer, else whoever restocked it. */
export function volunteerOf(request: RestockRequestView): string | null {
  return request.claim?.name ?? request.claim?.volunteerId ?? request.fulfilment?.name ?? null;
}

/** What the kg column of the history says for one request. */
export function kgAddedWords(request: RestockRequestView): string {
  if (request.fulfilment === null) return '—';
  return request.fulfilment.kgAdded === null ? 'not measured' : formatKg(request.fulfilment.kgAdded);
}

/** Allowed ETAs for a claim made by an organiser, in minutes (the API takes 5 to 1,440). */
export const ETA_CHOICES: readonly { minutes: number; label: string }[] = [
  { minutes: 30, label: 'in 30 min' },
  { minutes: 60, label: 'in 1 h' },
  { minutes: 120, label: 'in 2 h' },
  { minutes: 240, label: 'in 4 h' },
  { minutes: 480, label: 'in 8 h' },
];
