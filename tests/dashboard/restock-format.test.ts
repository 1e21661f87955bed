import { describe, expect, it } from 'vitest';
import {
  activeRequestsByFridge,
  formatClockTime,
  isActiveRequest,
  minutesWords,
  reasonWords,
  requestsForVolunteers,
  restockSummary,
  restockTime,
  restockWords,
} from '../../dashboard/src/restock-format';
import { makeClaimed, makeRequest, NOON_MS } from './fixtures';

const utc = { locale: 'en-GB', timeZone: 'UTC' };

describe('formatClockTime', () => {
  it('shows a time of today as 24-hour HH:MM, in the given zone', () => {
    expect(formatClockTime('2025-06-01T14:05:00.000Z', NOON_MS, utc)).toBe('14:05');
    expect(formatClockTime('2025-06-01T09:30:00.000Z', NOON_MS, { ...utc, timeZone: 'Europe/Paris' })).toBe(
      '11:30',
    );
  });

  it('adds the weekday when the time is on another day', () => {
    expect(formatClockTime('2025-06-02T01:15:00.000Z', NOON_MS, utc)).toBe('Mon 01:15');
    expect(formatClockTime('2025-05-31T23:00:00.000Z', NOON_MS, utc)).toBe('Sat 23:00');
  });

  it('says nothing for a missing or unreadable time', () => {
    expect(formatClockTime(null, NOON_MS, utc)).toBe('');
    expect(formatClockTime('soon', NOON_MS, utc)).toBe('');
  });
});

describe('restockWords', () => {
  it('says when an open request was raised', () => {
    expect(restockWords(makeRequest(), NOON_MS, utc)).toBe('Restock requested 11:05');
  });

  it('gives a claim with its ETA and no name, and says when the ETA has passed', () => {
    expect(restockWords(makeClaimed('2025-06-01T17:30:00.000Z'), NOON_MS, utc)).toBe('Claimed · ETA 17:30');
    expect(restockWords(makeClaimed('2025-06-01T11:45:00.000Z'), NOON_MS, utc)).toBe(
      'Claimed · ETA 11:45 (late)',
    );
    expect(restockWords(makeRequest({ status: 'claimed', claim: null }), NOON_MS, utc)).toBe('Claimed');
  });

  it('names closed requests too', () => {
    expect(restockWords(makeRequest({ status: 'fulfilled' }), NOON_MS, utc)).toBe('Restocked');
    expect(restockWords(makeRequest({ status: 'cancelled' }), NOON_MS, utc)).toBe('Request cancelled');
    expect(restockWords(makeRequest({ status: 'expired' }), NOON_MS, utc)).toBe('Request expired');
  });

  it('times the line by the opening or the ETA', () => {
    expect(restockTime(makeRequest())).toBe('2025-06-01T11:05:00.000Z');
    expect(restockTime(makeClaimed('2025-06-01T17:30:00.000Z'))).toBe('2025-06-01T17:30:00.000Z');
  });
});

describe('activeRequestsByFridge', () => {
  it('keeps one active request per fridge, the first (newest) of the list', () => {
    const newer = makeRequest({ id: 'r-000000000002' });
    const older = makeRequest({ id: 'r-000000000001' });
    const other = makeClaimed('2025-06-01T13:00:00.000Z', { fridgeId: 'elm-st' });
    const closed = makeRequest({ fridgeId: 'oak', status: 'fulfilled' });
    const byFridge = activeRequestsByFridge([newer, older, other, closed]);
    expect(Object.keys(byFridge).sort()).toEqual(['elm-st', 'main-st']);
    expect(byFridge['main-st']?.id).toBe('r-000000000002');
    expect(isActiveRequest(closed)).toBe(false);
  });
});

describe('requestsForVolunteers', () => {
  it('puts unclaimed requests first, longest waiting first, then claimed ones by ETA', () => {
    const recent = makeRequest({ id: 'r-a', openedAt: '2025-06-01T11:50:00.000Z' });
    const waiting = makeRequest({ id: 'r-b', openedAt: '2025-06-01T09:00:00.000Z' });
    const late = makeClaimed('2025-06-01T15:00:00.000Z', { id: 'r-c' });
    const soon = makeClaimed('2025-06-01T12:30:00.000Z', { id: 'r-d' });
    const done = makeRequest({ id: 'r-e', status: 'cancelled' });
    expect(requestsForVolunteers([late, recent, done, soon, waiting]).map((r) => r.id)).toEqual([
      'r-b',
      'r-a',
      'r-d',
      'r-c',
    ]);
  });
});

describe('restockSummary and the words around it', () => {
  it('counts what waits and what is on the way', () => {
    expect(restockSummary([])).toBe('No fridge is asking for food right now.');
    expect(restockSummary([makeRequest(), makeRequest(), makeClaimed('2025-06-01T13:00:00.000Z')])).toBe(
      '2 waiting for a volunteer · 1 on the way',
    );
    expect(restockSummary([makeClaimed('2025-06-01T13:00:00.000Z')])).toBe('1 on the way');
  });

  it('turns minutes and reasons into words', () => {
    expect(minutesWords(null)).toBe('none yet');
    expect(minutesWords(null, '—')).toBe('—');
    expect(minutesWords(25)).toBe('25 min');
    expect(minutesWords(125)).toBe('2 h 5 min');
    expect(reasonWords('low-stock')).toBe('Stock ran low');
    expect(reasonWords('manual')).toBe('Asked by an organiser');
  });
});
