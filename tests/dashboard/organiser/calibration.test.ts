import { describe, expect, it } from 'vitest';
import type { ShelfStatus } from '../../../contract/api';
import {
  checkCapacity,
  markFullBlocker,
  readingWords,
  tareBlocker,
} from '../../../dashboard/src/organiser/calibration';
import { createOrganiserApi } from '../../../dashboard/src/organiser/organiser-api';
import { makeFridge } from '../fixtures';

const shelf = (overrides: Partial<ShelfStatus>): ShelfStatus => ({
  id: 's1',
  tareKg: 2,
  capacityKg: 20,
  kg: null,
  percent: null,
  asOf: null,
  grossKg: null,
  doubtful: false,
  doubtReason: null,
  ...overrides,
});

describe('calibrating a shelf', () => {
  it('offers nothing before the scale has reported, and says why', () => {
    expect(tareBlocker(shelf({}))).toMatch(/No reading/);
    expect(markFullBlocker(shelf({}))).toMatch(/No reading/);
    expect(readingWords(shelf({}))).toBe('No reading yet');
  });

  it('tares any reading, but marks full only a shelf with food above its tare', () => {
    expect(tareBlocker(shelf({ grossKg: 1.6 }))).toBeNull();
    expect(markFullBlocker(shelf({ grossKg: 2 }))).toMatch(/not more than the tare \(2 kg\)/);
    expect(markFullBlocker(shelf({ grossKg: 7.4 }))).toBeNull();
  });

  it('reads the scale as gross, food and tare, never negative food', () => {
    expect(readingWords(shelf({ grossKg: 7.4, tareKg: 2.4 }))).toBe(
      'Reads 7.4 kg: 5 kg of food over a 2.4 kg tare',
    );
    expect(readingWords(shelf({ grossKg: 1.8 }))).toBe('Reads 1.8 kg: 0 kg of food over a 2 kg tare');
  });

  it('takes a capacity with a decimal comma, within the contract', () => {
    expect(checkCapacity('12,5')).toEqual({ ok: true, value: 12.5 });
    expect(checkCapacity('')).toMatchObject({
      ok: false,
      errors: { capacityKg: expect.stringMatching(/how many kg/) },
    });
    expect(checkCapacity('lots')).toMatchObject({
      ok: false,
      errors: { capacityKg: expect.stringMatching(/number/) },
    });
    expect(checkCapacity('0')).toMatchObject({
      ok: false,
      errors: { capacityKg: 'More than 0 and at most 1000 kg.' },
    });
    expect(checkCapacity('1001')).toMatchObject({ ok: false });
  });

  it('calls the estimator routes the calibration buttons stand for', async () => {
    const calls: string[] = [];
    const fridge = makeFridge({ id: 'elm st' });
    const api = createOrganiserApi({
      token: () => 'organiser-token-0123456789',
      onUnauthorized: () => {},
      fetch: async (input, init) => {
        calls.push(`${init?.method} ${input} ${init?.body ?? ''}`.trim());
        return new Response(JSON.stringify(fridge), { status: 200 });
      },
    });
    await api.tareShelf('elm st', 's/1');
    await api.markShelfFull('elm st', 's1');
    await api.setShelfCapacity('elm st', 's1', 12.5);
    expect(calls).toEqual([
      'POST /api/fridges/elm%20st/shelves/s%2F1/tare',
      'POST /api/fridges/elm%20st/shelves/s1/mark-full',
      'POST /api/fridges/elm%20st/shelves/s1/capacity {"capacityKg":12.5}',
    ]);
  });
});
