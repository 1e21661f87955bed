import { describe, expect, it } from 'vitest';
import { type SessionSummary, summarizeActivity } from '../../../../server/domain/estimation/activity';
import { DEFAULT_ESTIMATOR_CONFIG } from '../../../../server/domain/estimation/config';
import { forecastEmpty } from '../../../../server/domain/estimation/forecast';
import { HOUR, MINUTE } from './fixtures';

const OFFSET = 120;
/** Local midnight (UTC+2) starting Monday 2 June 2025. */
const MONDAY = Date.UTC(2025, 5, 2) - OFFSET * MINUTE;
const DAY = 24 * HOUR;
const at = (day: number, hour: number, minute = 0) => MONDAY + day * DAY + hour * HOUR + minute * MINUTE;

/**
 * A fridge restocked from 4 kg to 40 kg at 16:00 every day; from 17:00 a neighbour takes 1 kg
 * every 5 minutes (12 kg/h) until only 4 kg (the `empty` level of 10 %) are left at 19:55.
 */
function eveningHistory(days: number, fridgeId = 'f'): SessionSummary[] {
  const sessions: SessionSummary[] = [];
  for (let day = 0; day < days; day += 1) {
    sessions.push({ fridgeId, openedAt: at(day, 16), takenKg: 0, addedKg: 36 });
    for (let n = 0; n < 36; n += 1)
      sessions.push({ fridgeId, openedAt: at(day, 17, n * 5), takenKg: 1, addedKg: 0 });
  }
  return sessions;
}

const forecastAt = (sessions: SessionSummary[], nowMs: number, stockKg: number) =>
  forecastEmpty(
    { sessions, stockKg, capacityKg: 40, nowMs, utcOffsetMinutes: OFFSET },
    DEFAULT_ESTIMATOR_CONFIG,
  );

describe('forecast of the empty time', () => {
  it('is null with less than a day of history or too few takes', () => {
    expect(
      forecastAt(
        eveningHistory(1).filter((s) => s.openedAt < at(0, 18)),
        at(0, 18),
        28,
      ),
    ).toBeNull();
    const sparse = [
      { fridgeId: 'f', openedAt: at(0, 9), takenKg: 1, addedKg: 0 },
      { fridgeId: 'f', openedAt: at(1, 9), takenKg: 1, addedKg: 0 },
    ];
    expect(forecastAt(sparse, at(2, 10), 20)).toBeNull();
  });

  it('follows the learned evening profile', () => {
    const history = eveningHistory(7);
    // Day 7 so far: restocked at 16:00, six takes since 17:00.
    const today = eveningHistory(8).filter((s) => s.openedAt >= at(7, 0) && s.openedAt < at(7, 17, 30));
    const forecast = forecastAt([...history, ...today], at(7, 17, 30), 34);
    expect(forecast).not.toBeNull();
    expect(Math.abs((forecast?.emptyAt ?? 0) - at(7, 19, 55))).toBeLessThan(5 * MINUTE);
    expect(forecast?.confidence).toBeGreaterThan(0.5);
    expect(forecast?.confidence).toBeLessThanOrEqual(1);
  });

  it('waits for the evening when nobody takes food in the afternoon', () => {
    const history = eveningHistory(7);
    const today = eveningHistory(8).filter((s) => s.openedAt >= at(7, 0) && s.openedAt < at(7, 16, 30));
    const forecast = forecastAt([...history, ...today], at(7, 16, 30), 40);
    expect(Math.abs((forecast?.emptyAt ?? 0) - at(7, 19, 55))).toBeLessThan(10 * MINUTE);
  });

  it('speeds up when today is busier than usual, in proportion to the evidence', () => {
    const history = eveningHistory(7);
    const restock: SessionSummary = { fridgeId: 'f', openedAt: at(7, 16), takenKg: 0, addedKg: 36 };
    const usual = [restock];
    for (let n = 0; n < 6; n += 1)
      usual.push({ fridgeId: 'f', openedAt: at(7, 17, n * 5), takenKg: 1, addedKg: 0 });
    // Twice the usual outflow, over 24 sessions.
    const busy = [restock];
    for (let n = 0; n < 24; n += 1)
      busy.push({ fridgeId: 'f', openedAt: at(7, 16, 30 + n * 2.5), takenKg: 0.5, addedKg: 0 });
    const asUsual = forecastAt([...history, ...usual], at(7, 17, 30), 28);
    const faster = forecastAt([...history, ...busy], at(7, 17, 30), 28);
    expect(faster?.emptyAt ?? 0).toBeLessThan((asUsual?.emptyAt ?? 0) - 20 * MINUTE);
  });

  it('counts neighbours who leave food as slowing the emptying, but not a restock', () => {
    /** Restocked to 40 kg at 16:00; from 17:00 a visit every 5 min, every `donateEvery`-th leaves 1 kg. */
    const days = (count: number, untilMs: number, donateEvery: number) => {
      const sessions: SessionSummary[] = [];
      let stockKg = 4;
      for (let day = 0; day < count; day += 1) {
        const restock = { fridgeId: 'f', openedAt: at(day, 16), takenKg: 0, addedKg: 40 - stockKg };
        if (restock.openedAt >= untilMs) break;
        sessions.push(restock);
        stockKg = 40;
        for (let n = 0; n < 48 && at(day, 17, n * 5) < untilMs; n += 1) {
          const donates = n % donateEvery === donateEvery - 1;
          if (!donates && stockKg <= 4) continue;
          sessions.push({
            fridgeId: 'f',
            openedAt: at(day, 17, n * 5),
            takenKg: donates ? 0 : 1,
            addedKg: donates ? 1 : 0,
          });
          stockKg += donates ? 1 : -1;
        }
      }
      return { sessions, stockKg };
    };
    const now = at(7, 17, 30);
    const plain = days(8, now, 1000);
    const donating = days(8, now, 4);
    const asPlain = forecastAt(plain.sessions, now, plain.stockKg);
    const slower = forecastAt(donating.sessions, now, donating.stockKg);
    // Net outflow 12 kg/h without donations, 6 kg/h with: the 28-29 kg left last about twice as long.
    expect(Math.abs((asPlain?.emptyAt ?? 0) - at(7, 19, 50))).toBeLessThan(10 * MINUTE);
    expect(slower?.emptyAt ?? 0).toBeGreaterThan((asPlain?.emptyAt ?? 0) + 90 * MINUTE);
  });

  it('says the fridge is empty now when it is', () => {
    expect(forecastAt(eveningHistory(7), at(7, 12), 3)).toEqual({ emptyAt: at(7, 12), confidence: 1 });
  });

  it('is null when the stock outlasts the horizon', () => {
    expect(forecastAt(eveningHistory(7), at(7, 12), 400)).toBeNull();
  });
});

describe('activity today and this week', () => {
  const sessions: SessionSummary[] = [
    { fridgeId: 'a', openedAt: at(-1, 23, 30), takenKg: 5, addedKg: 0 }, // Sunday: last week
    { fridgeId: 'a', openedAt: at(0, 8), takenKg: 1, addedKg: 10 }, // Monday
    { fridgeId: 'b', openedAt: at(1, 19), takenKg: 2, addedKg: 0 }, // Tuesday
    { fridgeId: 'a', openedAt: at(2, 0, 30), takenKg: 0.5, addedKg: 0 }, // today, just after midnight
    { fridgeId: 'b', openedAt: at(2, 9, 59), takenKg: 0.25, addedKg: 1 }, // today
    { fridgeId: 'b', openedAt: at(2, 10, 30), takenKg: 9, addedKg: 9 }, // after now
  ];

  it('counts visits and kilograms per fridge and for the network, in local time', () => {
    const summary = summarizeActivity(sessions, at(2, 10), OFFSET);
    expect(summary.fridges.a).toEqual({
      today: { visits: 1, takenKg: 0.5, addedKg: 0 },
      week: { visits: 2, takenKg: 1.5, addedKg: 10 },
    });
    expect(summary.fridges.b).toEqual({
      today: { visits: 1, takenKg: 0.25, addedKg: 1 },
      week: { visits: 2, takenKg: 2.25, addedKg: 1 },
    });
    expect(summary.network).toEqual({
      today: { visits: 2, takenKg: 0.75, addedKg: 1 },
      week: { visits: 4, takenKg: 3.75, addedKg: 11 },
    });
  });

  it('moves the day and week boundaries with the offset', () => {
    // At UTC-5 the Sunday 23:30 (UTC+2) session is Sunday 16:30 and Monday 08:00 is Monday 01:00.
    const summary = summarizeActivity(sessions, at(0, 12), -300);
    expect(summary.network.week.visits).toBe(1);
    expect(summary.network.today.visits).toBe(1);
  });
});
