import { describe, expect, it } from 'vitest';
import type { VolunteerView } from '../../../contract/restock';
import {
  channelsFrom,
  channelWords,
  checkNewVolunteer,
  checkVolunteerEdit,
  emptyVolunteerFields,
  extraChannelCount,
  fieldsOfVolunteer,
  noticeWords,
  quietHoursWords,
  type VolunteerFields,
} from '../../../dashboard/src/organiser/volunteer-form';

const ana: VolunteerView = {
  id: 'ana',
  name: 'Ana',
  role: 'volunteer',
  channels: [
    { type: 'email', address: 'ana@example.org' },
    { type: 'webhook', url: 'https://chat.example.org/hook/1', format: 'slack' },
    { type: 'email', address: 'ana@work.example' },
  ],
  fridgeIds: ['elm-st', 'main-st'],
  quietHours: { from: '22:00', to: '07:00' },
  notices: { restock: true, foodSafety: true, deviceHealth: false },
  language: 'en',
  unsubscribed: false,
  createdAt: '2025-06-01T10:00:00.000Z',
  updatedAt: '2025-06-01T10:00:00.000Z',
};

const newFields = (change: Partial<VolunteerFields>): VolunteerFields => ({
  ...emptyVolunteerFields(),
  name: 'Bo',
  ...change,
});

describe('checkNewVolunteer', () => {
  it('makes the POST body with the server defaults for notices', () => {
    expect(
      checkNewVolunteer(newFields({ email: ' bo@example.org ', fridgeIds: ['elm-st', 'elm-st'] })),
    ).toEqual({
      ok: true,
      value: {
        name: 'Bo',
        role: 'volunteer',
        channels: [{ type: 'email', address: 'bo@example.org' }],
        fridgeIds: ['elm-st'],
        quietHours: null,
        notices: { restock: true, foodSafety: true, deviceHealth: false },
        language: 'en',
      },
    });
  });

  it('sends the chosen language, and refuses one the dashboard has no words for', () => {
    const spanish = checkNewVolunteer(newFields({ email: 'bo@example.org', language: 'es' }));
    expect(spanish.ok && spanish.value.language).toBe('es');
    expect(checkNewVolunteer(newFields({ language: 'xx' }))).toEqual({
      ok: false,
      errors: { language: 'Choose a language from the list.' },
    });
  });

  it('sends a chosen id, and both channels', () => {
    const checked = checkNewVolunteer(
      newFields({
        id: 'bo',
        webhookUrl: 'https://discord.example/api/webhooks/1',
        webhookFormat: 'discord',
        email: 'bo@example.org',
      }),
    );
    expect(checked.ok && checked.value).toMatchObject({
      id: 'bo',
      channels: [
        { type: 'email', address: 'bo@example.org' },
        { type: 'webhook', url: 'https://discord.example/api/webhooks/1', format: 'discord' },
      ],
    });
  });

  it('puts each message next to its field', () => {
    const checked = checkNewVolunteer(
      newFields({
        id: 'Bo!',
        name: ' ',
        email: 'not an address',
        webhookUrl: 'ftp://example.org',
        quietFrom: '22:00',
        quietTo: '',
      }),
    );
    expect(checked.ok ? [] : Object.keys(checked.errors).sort()).toEqual([
      'email',
      'id',
      'name',
      'quietTo',
      'webhookUrl',
    ]);
  });

  it('wants quiet hours as two different HH:MM times, or none', () => {
    const errors = (from: string, to: string) => {
      const checked = checkNewVolunteer(newFields({ quietFrom: from, quietTo: to }));
      return checked.ok ? checked.value.quietHours : checked.errors;
    };
    expect(errors('22:00', '07:30')).toEqual({ from: '22:00', to: '07:30' });
    expect(errors('', '')).toBeNull();
    expect(errors('25:00', '07:00')).toEqual({ quietFrom: expect.stringMatching(/HH:MM/) });
    expect(errors('07:00', '07:00')).toEqual({ quietTo: 'The end must differ from the start.' });
  });
});

describe('editing a volunteer', () => {
  it('fills the form from their first e-mail and first webhook', () => {
    expect(fieldsOfVolunteer(ana)).toMatchObject({
      email: 'ana@example.org',
      webhookUrl: 'https://chat.example.org/hook/1',
      webhookFormat: 'slack',
      quietFrom: '22:00',
      quietTo: '07:00',
    });
    expect(extraChannelCount(ana.channels)).toBe(1);
  });

  it('keeps channels the form does not show, in their place', () => {
    const fields = { ...fieldsOfVolunteer(ana), email: 'ana@new.example', webhookUrl: '' };
    expect(channelsFrom(fields, ana.channels)).toEqual([
      { type: 'email', address: 'ana@new.example' },
      { type: 'email', address: 'ana@work.example' },
    ]);
    expect(channelsFrom({ ...emptyVolunteerFields(), email: 'x@y.z' }, [])).toEqual([
      { type: 'email', address: 'x@y.z' },
    ]);
  });

  it('sends only what changed, or nothing', () => {
    const fields = fieldsOfVolunteer(ana);
    expect(checkVolunteerEdit(fields, ana)).toEqual({ ok: true, value: null });
    expect(checkVolunteerEdit({ ...fields, fridgeIds: ['main-st', 'elm-st'] }, ana)).toEqual({
      ok: true,
      value: null,
    });
    expect(
      checkVolunteerEdit(
        {
          ...fields,
          role: 'organiser',
          quietFrom: '',
          quietTo: '',
          notices: { ...ana.notices, deviceHealth: true },
        },
        ana,
      ),
    ).toEqual({
      ok: true,
      value: {
        role: 'organiser',
        quietHours: null,
        notices: { restock: true, foodSafety: true, deviceHealth: true },
      },
    });
    expect(checkVolunteerEdit({ ...fields, fridgeIds: ['elm-st'] }, ana)).toEqual({
      ok: true,
      value: { fridgeIds: ['elm-st'] },
    });
    expect(checkVolunteerEdit({ ...fields, language: 'es' }, ana)).toEqual({
      ok: true,
      value: { language: 'es' },
    });
  });
});

describe('volunteer words', () => {
  it('says how they are reached, when they are quiet, and what they receive', () => {
    expect(channelWords(ana.channels)).toBe('ana@example.org · Slack webhook · ana@work.example');
    expect(channelWords([])).toBe('no way to reach them');
    expect(quietHoursWords(ana.quietHours)).toBe('Quiet 22:00–07:00');
    expect(quietHoursWords(null)).toBeNull();
    expect(noticeWords(ana.notices, false)).toBe('Restock requests, food safety');
    expect(noticeWords(ana.notices, true)).toBe('Unsubscribed: receives nothing');
    expect(noticeWords({ restock: false, foodSafety: false, deviceHealth: false }, false)).toBe(
      'No notices chosen',
    );
  });
});
