import { describe, expect, it } from 'vitest';
import {
  checkRestockSettings,
  historyFigures,
  kgAddedWords,
  settingsFieldsOf,
  volunteerOf,
} from '../../../dashboard/src/organiser/restock-admin';
import { makeClaimed, makeRequest } from '../fixtures';

describe('restock settings', () => {
  it('round-trips through the form', () => {
    const settings = {
      raiseAtLevel: 'empty' as const,
      area: 'North',
      activeHours: { from: '08:00', to: '20:00' },
      forecastTrigger: false,
    };
    expect(checkRestockSettings(settingsFieldsOf(settings))).toEqual({ ok: true, value: settings });
    const defaults = { raiseAtLevel: 'few' as const, area: null, activeHours: null, forecastTrigger: true };
    expect(checkRestockSettings(settingsFieldsOf(defaults))).toEqual({ ok: true, value: defaults });
  });

  it('wants active hours as two different times or none, and an area of at most 80 characters', () => {
    const fields = settingsFieldsOf({
      raiseAtLevel: 'few',
      area: null,
      activeHours: null,
      forecastTrigger: true,
    });
    const errors = (change: Partial<typeof fields>) => {
      const checked = checkRestockSettings({ ...fields, ...change });
      return checked.ok ? {} : checked.errors;
    };
    expect(Object.keys(errors({ activeFrom: '08:00' }))).toEqual(['activeTo']);
    expect(Object.keys(errors({ activeFrom: '08:00', activeTo: '08:00' }))).toEqual(['activeTo']);
    expect(Object.keys(errors({ area: 'x'.repeat(81) }))).toEqual(['area']);
    expect(checkRestockSettings({ ...fields, area: '  ' })).toMatchObject({
      ok: true,
      value: { area: null },
    });
  });
});

describe('restock history', () => {
  it('gives the figures organisers report, in words', () => {
    const figures = historyFigures({
      requests: 12,
      open: 1,
      fulfilled: 9,
      cancelled: 1,
      expired: 1,
      medianMinutesToClaim: 25,
      medianMinutesToFulfil: 95,
      kgAdded: 84.25,
    });
    const byLabel = Object.fromEntries(figures.map((f) => [f.label, f.value]));
    expect(byLabel).toEqual({
      Requests: '12',
      Restocked: '9',
      'Still open': '1',
      Cancelled: '1',
      'Expired unclaimed': '1',
      'Median time to claim': '25 min',
      'Median time to restock': '1 h 35 min',
      'Food added': '84.3 kg',
    });
    expect(historyFigures({ ...emptySummary }).find((f) => f.label === 'Median time to claim')?.value).toBe(
      'none yet',
    );
  });

  it('says who went and how much food came, where known', () => {
    const named = makeClaimed('2025-06-01T13:00:00.000Z');
    expect(volunteerOf({ ...named, claim: named.claim && { ...named.claim, name: 'Ana' } })).toBe('Ana');
    expect(volunteerOf(makeRequest())).toBeNull();
    const fulfilled = makeRequest({
      status: 'fulfilled',
      fulfilment: { kgAdded: 6.5, via: 'door-session', volunteerId: 'ana', name: 'Ana' },
    });
    expect(volunteerOf(fulfilled)).toBe('Ana');
    expect(kgAddedWords(fulfilled)).toBe('6.5 kg');
    expect(kgAddedWords(makeRequest())).toBe('—');
    expect(
      kgAddedWords({
        ...fulfilled,
        fulfilment: { kgAdded: null, via: 'level', volunteerId: null, name: null },
      }),
    ).toBe('not measured');
  });
});

const emptySummary = {
  requests: 0,
  open: 0,
  fulfilled: 0,
  cancelled: 0,
  expired: 0,
  medianMinutesToClaim: null,
  medianMinutesToFulfil: null,
  kgAdded: 0,
};
