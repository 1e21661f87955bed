import { VOLUNTEER_LIMITS, VOLUNTEER_PATTERNS, type VolunteerView } from '../../../contract/restock';
import { DEFAULT_LANGUAGE, isLanguage } from '../../i18n/languages';
import type { Checked } from './forms';
import type { Channel, CreateVolunteerBody, DailyWindow, UpdateVolunteerBody } from './organiser-api';

/**
 * The volunteer form as typed, its checks, and the request bodies it makes. Limits and patterns
 * are those of contract/restock.ts; the server checks them again.
 */
export type WebhookFormat = Extract<Channel, { type: 'webhook' }>['format'];
export type Role = VolunteerView['role'];
export type NoticeChoices = VolunteerView['notices'];

export const WEBHOOK_FORMATS: readonly { value: WebhookFormat; label: string }[] = [
  { value: 'json', label: 'JSON (any service)' },
  { value: 'slack', label: 'Slack' },
  { value: 'discord', label: 'Discord' },
  { value: 'matrix', label: 'Matrix (hookshot)' },
];

export const NOTICE_CATEGORIES: readonly { value: keyof NoticeChoices; label: string; hint: string }[] = [
  { value: 'restock', label: 'Restock requests', hint: 'a fridge they look after runs low' },
  { value: 'foodSafety', label: 'Food safety', hint: 'a fridge is too warm; sent even in quiet hours' },
  { value: 'deviceHealth', label: 'Sensor problems', hint: 'a sensor goes offline or its battery is low' },
];

/** The server's defaults for a new volunteer (server/domain/notifications/types.ts). */
const DEFAULT_NOTICES: NoticeChoices = { restock: true, foodSafety: true, deviceHealth: false };

const LIMITS = VOLUNTEER_LIMITS;
const VOLUNTEER_ID = new RegExp(VOLUNTEER_PATTERNS.id);
const EMAIL = new RegExp(VOLUNTEER_PATTERNS.email);
const URL_PATTERN = new RegExp(VOLUNTEER_PATTERNS.webhookUrl);
const CLOCK_TIME = new RegExp(VOLUNTEER_PATTERNS.clockTime);

export interface VolunteerFields {
  /** Only when adding; empty lets the server make one up. */
  id: string;
  name: string;
  role: Role;
  email: string;
  webhookUrl: string;
  webhookFormat: WebhookFormat;
  fridgeIds: readonly string[];
  quietFrom: string;
  quietTo: string;
  notices: NoticeChoices;
  /** The language of their notices and pages: one of dashboard/i18n's (the server has the same). */
  language: string;
}

export function emptyVolunteerFields(): VolunteerFields {
  return {
    id: '',
    name: '',
    role: 'volunteer',
    email: '',
    webhookUrl: '',
    webhookFormat: 'json',
    fridgeIds: [],
    quietFrom: '',
    quietTo: '',
    notices: { ...DEFAULT_NOTICES },
    language: DEFAULT_LANGUAGE,
  };
}

const firstEmail = (channels: readonly Channel[]) =>
  channels.find((c): c is Extract<Channel, { type: 'email' }> => c.type === 'email');
const firstWebhook = (channels: readonly Channel[]) =>
  channels.find((c): c is Extract<Channel, { type: 'webhook' }> => c.type === 'webhook');

/** The form for an existing volunteer: it edits their first e-mail and first webhook. */
export function fieldsOfVolunteer(volunteer: VolunteerView): VolunteerFields {
  const email = firstEmail(volunteer.channels);
  const webhook = firstWebhook(volunteer.channels);
  return {
    id: volunteer.id,
    name: volunteer.name,
    role: volunteer.role,
    email: email?.address ?? '',
    webhookUrl: webhook?.url ?? '',
    webhookFormat: webhook?.format ?? 'json',
    fridgeIds: volunteer.fridgeIds,
    quietFrom: volunteer.quietHours?.from ?? '',
    quietTo: volunteer.quietHours?.to ?? '',
    notices: { ...volunteer.notices },
    language: volunteer.language,
  };
}

/**
 * The channels to save: the form's e-mail and webhook in place of the first of each kind the
 * volunteer had, and any further channels (added through the API) kept as they were.
 */
export function channelsFrom(fields: VolunteerFields, current: readonly Channel[] = []): Channel[] {
  const address = fields.email.trim();
  const url = fields.webhookUrl.trim();
  const email: Channel | null = address === '' ? null : { type: 'email', address };
  const webhook: Channel | null = url === '' ? null : { type: 'webhook', url, format: fields.webhookFormat };
  const oldEmail = firstEmail(current);
  const oldWebhook = firstWebhook(current);
  const channels: Channel[] = [];
  for (const channel of current) {
    if (channel === oldEmail) {
      if (email !== null) channels.push(email);
    } else if (channel === oldWebhook) {
      if (webhook !== null) channels.push(webhook);
    } else channels.push(channel);
  }
  if (oldEmail === undefined && email !== null) channels.push(email);
  if (oldWebhook === undefined && webhook !== null) channels.push(webhook);
  return channels;
}

/** Channels the form does not show (a second e-mail, say): they are kept as they are on save. */
export function extraChannelCount(channels: readonly Channel[]): number {
  const shown = (firstEmail(channels) ? 1 : 0) + (firstWebhook(channels) ? 1 : 0);
  return channels.length - shown;
}

function checkFields(
  fields: VolunteerFields,
  current: readonly Channel[],
  adding: boolean,
): Checked<CreateVolunteerBody> {
  const errors: Record<string, string> = {};
  const id = fields.id.trim();
  if (adding && id !== '' && !VOLUNTEER_ID.test(id)) {
    errors.id = 'Use lower-case letters, digits and dashes (at most 40), or leave it empty.';
  }
  const name = fields.name.trim();
  if (name === '') errors.name = 'Enter their name, as it appears in notices.';
  else if (name.length > LIMITS.nameLength) errors.name = `At most ${LIMITS.nameLength} characters.`;

  const email = fields.email.trim();
  if (email !== '' && (!EMAIL.test(email) || email.length > LIMITS.emailLength)) {
    errors.email = 'Enter an e-mail address like name@example.org, or leave it empty.';
  }
  const url = fields.webhookUrl.trim();
  if (url !== '' && (!URL_PATTERN.test(url) || url.length > LIMITS.urlLength)) {
    errors.webhookUrl = 'Enter the webhook address, starting with https:// (or http://), or leave it empty.';
  }
  const channels = channelsFrom(fields, current);
  if (channels.length > LIMITS.channels) errors.email = `At most ${LIMITS.channels} ways to reach someone.`;

  if (fields.fridgeIds.length > LIMITS.fridges) errors.fridgeIds = `At most ${LIMITS.fridges} fridges.`;

  const from = fields.quietFrom.trim();
  const to = fields.quietTo.trim();
  let quietHours: DailyWindow | null = null;
  if (from !== '' || to !== '') {
    if (!CLOCK_TIME.test(from)) errors.quietFrom = 'Enter when quiet hours start, as HH:MM (e.g. 22:00).';
    if (!CLOCK_TIME.test(to)) errors.quietTo = 'Enter when quiet hours end, as HH:MM (e.g. 07:30).';
    else if (from === to) errors.quietTo = 'The end must differ from the start.';
    quietHours = { from, to };
  }

  // The choices are the dashboard's languages; an edited volunteer may hold one this build lacks.
  if (!isLanguage(fields.language)) errors.language = 'Choose a language from the list.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...(adding && id !== '' ? { id } : {}),
      name,
      role: fields.role,
      channels,
      fridgeIds: [...new Set(fields.fridgeIds)],
      quietHours,
      notices: { ...fields.notices },
      language: fields.language,
    },
  };
}

/** Checks the "add a volunteer" form and makes the `POST /api/volunteers` body. */
export function checkNewVolunteer(fields: VolunteerFields): Checked<CreateVolunteerBody> {
  return checkFields(fields, [], true);
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const sortedIds = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

/**
 * Checks the edit form and makes the `PATCH /api/volunteers/{id}` body with only what changed;
 * `value` is null when nothing did.
 */
export function checkVolunteerEdit(
  fields: VolunteerFields,
  original: VolunteerView,
): Checked<UpdateVolunteerBody | null> {
  const checked = checkFields(fields, original.channels, false);
  if (!checked.ok) return checked;
  const next = checked.value;
  const changes: UpdateVolunteerBody = {};
  if (next.name !== original.name) changes.name = next.name;
  if (next.role !== undefined && next.role !== original.role) changes.role = next.role;
  if (!sameJson(next.channels, original.channels)) changes.channels = next.channels;
  if (!sameJson(sortedIds(next.fridgeIds ?? []), sortedIds(original.fridgeIds))) {
    changes.fridgeIds = next.fridgeIds;
  }
  if (!sameJson(next.quietHours ?? null, original.quietHours)) changes.quietHours = next.quietHours ?? null;
  if (next.notices !== undefined && !sameJson(next.notices, original.notices)) changes.notices = next.notices;
  if (next.language !== undefined && next.language !== original.language) changes.language = next.language;
  return { ok: true, value: Object.keys(changes).length === 0 ? null : changes };
}

/** "name@example.org · Slack webhook", for the list of volunteers. */
export function channelWords(channels: readonly Channel[]): string {
  if (channels.length === 0) return 'no way to reach them';
  return channels
    .map((channel) => {
      if (channel.type === 'email') return channel.address;
      const format = WEBHOOK_FORMATS.find((f) => f.value === channel.format)?.label ?? channel.format;
      return `${format} webhook`;
    })
    .join(' · ');
}

/** "Quiet 22:00–07:00", or null when they have no quiet hours. */
export function quietHoursWords(quietHours: DailyWindow | null): string | null {
  return quietHours === null ? null : `Quiet ${quietHours.from}–${quietHours.to}`;
}

/** "Restock requests, food safety", or that they receive nothing. */
export function noticeWords(notices: NoticeChoices, unsubscribed: boolean): string {
  if (unsubscribed) return 'Unsubscribed: receives nothing';
  const chosen = NOTICE_CATEGORIES.filter((c) => notices[c.value]).map((c) => c.label.toLowerCase());
  if (chosen.length === 0) return 'No notices chosen';
  const text = chosen.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
