import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  doorWords,
  durationWords,
  formatBattery,
  formatCelsius,
  formatKg,
  formatPercent,
  fridgeUpdatedAt,
  isLowBattery,
  isTemperatureAlarm,
  kindWords,
  levelWords,
  NO_READING,
  newestTime,
  relativeTime,
  signalWords,
  siteSummary,
  updatedWords,
} from '../../dashboard/src/format';
import { makeFridge, NOON_MS } from './fixtures';

const MIN = 60_000;
const isoAgo = (ms: number): string => new Date(NOON_MS - ms).toISOString();

describe('levelWords', () => {
  it('says each level the way neighbours read it', () => {
    expect(levelWords('empty')).toBe('Empty');
    expect(levelWords('few')).toBe('A few items');
    expect(levelWords('many')).toBe('Plenty');
    expect(levelWords('full')).toBe('Full');
  });

  it('says "no reading yet" when the stock was never measured', () => {
    expect(levelWords(null)).toBe('no reading yet');
  });
});

describe('kindWords', () => {
  it('names fridges and pantries', () => {
    expect(kindWords('fridge')).toBe('Fridge');
    expect(kindWords('pantry')).toBe('Pantry');
  });
});

describe('temperature', () => {
  it('shows one decimal and the unit', () => {
    expect(formatCelsius(4.24)).toBe('4.2 °C');
    expect(formatCelsius(-18)).toBe('-18.0 °C');
    expect(formatCelsius(-0.04)).toBe('0.0 °C');
    expect(formatCelsius(null)).toBe(NO_READING);
  });

  it('flags what the alert rules judge, not a single reading', () => {
    expect(isTemperatureAlarm('warning')).toBe(true);
    expect(isTemperatureAlarm('critical')).toBe(true);
    expect(isTemperatureAlarm('ok')).toBe(false);
    expect(isTemperatureAlarm('unknown')).toBe(false);
  });

  it('formats any temperature as a number the reader can parse back', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 80, noNaN: true }), (celsius) => {
        const text = formatCelsius(celsius);
        expect(text).toMatch(/^-?\d+\.\d °C$/);
        expect(Math.abs(Number.parseFloat(text) - celsius)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });
});

describe('stock figures', () => {
  it('shows kg with one decimal and whole percent', () => {
    expect(formatKg(12.449)).toBe('12.4 kg');
    expect(formatPercent(30.6)).toBe('31%');
    expect(formatKg(null)).toBe(NO_READING);
    expect(formatPercent(null)).toBe(NO_READING);
  });

  it('leaves out ".0" on whole kilograms', () => {
    expect(formatKg(40)).toBe('40 kg');
    expect(formatKg(0.04)).toBe('0 kg');
  });
});

describe('relativeTime', () => {
  it('reads like a person would say it', () => {
    expect(relativeTime(isoAgo(10_000), NOON_MS)).toBe('just now');
    expect(relativeTime(isoAgo(2 * MIN + 5_000), NOON_MS)).toBe('2 min ago');
    expect(relativeTime(isoAgo(59 * MIN), NOON_MS)).toBe('59 min ago');
    expect(relativeTime(isoAgo(3 * 60 * MIN), NOON_MS)).toBe('3 h ago');
    expect(relativeTime(isoAgo(26 * 60 * MIN), NOON_MS)).toBe('1 day ago');
    expect(relativeTime(isoAgo(5 * 24 * 60 * MIN), NOON_MS)).toBe('5 days ago');
  });

  it('treats a slightly fast server clock as "just now" but says when a time is well in the future', () => {
    expect(relativeTime(isoAgo(-90_000), NOON_MS)).toBe('just now');
    expect(relativeTime(isoAgo(-10 * MIN), NOON_MS)).toBe('10 min in the future (check the clocks)');
  });

  it('says "no reading yet" for a missing or unreadable time', () => {
    expect(relativeTime(null, NOON_MS)).toBe(NO_READING);
    expect(relativeTime('yesterday', NOON_MS)).toBe(NO_READING);
  });

  it('never gets younger as time passes', () => {
    const minutes = (text: string): number => {
      if (text === 'just now') return 0;
      const [count = '0', unit] = text.split(' ');
      const factor = unit === 'min' ? 1 : unit === 'h' ? 60 : 24 * 60;
      return Number(count) * factor;
    };
    fc.assert(
      fc.property(fc.nat(30 * 24 * 60 * MIN), fc.nat(24 * 60 * MIN), (agoMs, laterMs) => {
        const iso = isoAgo(agoMs);
        expect(minutes(relativeTime(iso, NOON_MS + laterMs))).toBeGreaterThanOrEqual(
          minutes(relativeTime(iso, NOON_MS)),
        );
      }),
    );
  });

  it('prefixes "updated" for the cards', () => {
    expect(updatedWords(isoAgo(2 * MIN), NOON_MS)).toBe('updated 2 min ago');
    expect(updatedWords(null, NOON_MS)).toBe(NO_READING);
  });
});

describe('durationWords', () => {
  it('counts minutes, hours and days', () => {
    expect(durationWords(20_000)).toBe('less than a minute');
    expect(durationWords(3 * MIN)).toBe('3 min');
    expect(durationWords(120 * MIN)).toBe('2 h');
    expect(durationWords(125 * MIN)).toBe('2 h 5 min');
    expect(durationWords(49 * 60 * MIN)).toBe('2 days');
    expect(durationWords(-5_000)).toBe('less than a minute');
  });
});

describe('fridgeUpdatedAt', () => {
  it('is the newest of last seen, stock and temperature times', () => {
    const fridge = makeFridge({
      lastSeen: '2025-06-01T11:00:00.000Z',
      stock: { ...makeFridge().stock, asOf: '2025-06-01T11:30:00.000Z' },
      temperature: { celsius: 3, asOf: '2025-06-01T11:45:00.000Z', status: 'ok', since: null, text: null },
    });
    expect(fridgeUpdatedAt(fridge)).toBe('2025-06-01T11:45:00.000Z');
  });

  it('is null for a fridge never heard from', () => {
    const fridge = makeFridge({
      lastSeen: null,
      stock: { ...makeFridge().stock, kg: null, percent: null, level: null, asOf: null },
      temperature: { celsius: null, asOf: null, status: 'ok', since: null, text: null },
    });
    expect(fridgeUpdatedAt(fridge)).toBeNull();
  });

  it('ignores unreadable times', () => {
    expect(newestTime(['nonsense', '2025-06-01T11:00:00.000Z', null])).toBe('2025-06-01T11:00:00.000Z');
  });
});

describe('doorWords', () => {
  it('says how long an open door has been open', () => {
    expect(doorWords({ open: true, since: isoAgo(3 * MIN) }, NOON_MS)).toBe('Open for 3 min');
    expect(doorWords({ open: true, since: null }, NOON_MS)).toBe('Open');
  });

  it('says closed, or no reading yet', () => {
    expect(doorWords({ open: false, since: isoAgo(3 * MIN) }, NOON_MS)).toBe('Closed');
    expect(doorWords({ open: null, since: null }, NOON_MS)).toBe(NO_READING);
  });
});

describe('devices', () => {
  it('shows the battery fraction from the wire as a percentage', () => {
    expect(formatBattery(0.87)).toBe('87%');
    expect(formatBattery(null)).toBe(NO_READING);
    expect(isLowBattery(0.2)).toBe(true);
    expect(isLowBattery(0.21)).toBe(false);
    expect(isLowBattery(null)).toBe(false);
  });

  it('describes the signal strength in words as well as dBm', () => {
    expect(signalWords(-55)).toBe('-55 dBm (strong)');
    expect(signalWords(-67)).toBe('-67 dBm (good)');
    expect(signalWords(-75)).toBe('-75 dBm (fair)');
    expect(signalWords(-90)).toBe('-90 dBm (weak)');
    expect(signalWords(null)).toBe(NO_READING);
  });
});

describe('siteSummary', () => {
  it('counts places, those needing food, warm ones and offline ones', () => {
    const fridges = [
      makeFridge(),
      makeFridge({ id: 'b', stock: { ...makeFridge().stock, level: 'empty' }, online: false }),
      makeFridge({
        id: 'c',
        stock: { ...makeFridge().stock, level: 'full' },
        temperature: { celsius: 7, asOf: null, status: 'warning', since: null, text: 'Too warm for 40 min' },
      }),
      // One warm reading after a visit is no alarm: the rules say ok.
      makeFridge({
        id: 'd',
        stock: { ...makeFridge().stock, level: 'full' },
        temperature: { celsius: 7.5, asOf: null, status: 'ok', since: null, text: null },
      }),
    ];
    expect(siteSummary(fridges)).toBe('4 places · 2 need food · 1 too warm · 1 offline');
    expect(siteSummary([makeFridge({ stock: { ...makeFridge().stock, level: 'many' } })])).toBe('1 place');
  });
});
