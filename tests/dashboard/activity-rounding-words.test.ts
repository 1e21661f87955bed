import { afterEach, describe, expect, it } from 'vitest';
import { activityWords, impactWords, summaryKgWords } from '../../dashboard/src/estimate-format';
import { applyPreferences } from '../../dashboard/src/locale';

/** Activity figures from scales that round carry their ± and say why (issue 14). */
describe('activity from whole-kilogram scales', () => {
  afterEach(async () => {
    await applyPreferences({ language: 'en', temperature: 'celsius', weight: 'kg' });
  });

  const week = {
    visits: 41,
    takenKg: 45,
    addedKg: 40,
    rounding: { takenKg: 3, addedKg: 1.6, scaleStepKg: 1 },
  };

  it('says "about 45 kg (± 3 kg: whole-kilogram scales)"', () => {
    expect(activityWords(week, 'this week')).toBe(
      '41 visits · about 45 kg (± 3 kg: whole-kilogram scales) shared · about 40 kg (± 1.6 kg: whole-kilogram scales) brought in this week',
    );
    expect(impactWords(week)).toBe('about 45 kg (± 3 kg: whole-kilogram scales) of food shared this week');
  });

  it('names a finer rounding step, and leaves a figure the rounding cannot put off alone', () => {
    const today = {
      visits: 2,
      takenKg: 1.5,
      addedKg: 0,
      rounding: { takenKg: 0.2, addedKg: 0, scaleStepKg: 0.1 },
    };
    expect(activityWords(today, 'today')).toBe(
      '2 visits · about 1.5 kg (± 0.2 kg: scales that round to 0.1 kg) shared today',
    );
    const nothingOff = {
      visits: 0,
      takenKg: 0,
      addedKg: 0,
      rounding: { takenKg: 0, addedKg: 0, scaleStepKg: 1 },
    };
    expect(activityWords(nothingOff, 'today')).toBe('0 visits · 0 kg shared today');
    expect(activityWords({ visits: 1, takenKg: 3, addedKg: 0 }, 'today')).toBe('1 visit · 3 kg shared today');
  });

  it('says it in Spanish', async () => {
    await applyPreferences({ language: 'es', temperature: 'celsius', weight: 'kg' });
    expect(activityWords(week, 'this week')).toBe(
      '41 visitas · unos 45 kg (± 3 kg: básculas que redondean al kilo) compartidos · unos 40 kg (± 1.6 kg: básculas que redondean al kilo) traídos esta semana',
    );
  });

  it("puts the ± on the network figures' kg shared, in English and Spanish", async () => {
    const month = { kgShared: 120, rounding: { kgShared: 6, scaleStepKg: 1 } };
    expect(summaryKgWords(month)).toBe('about 120 kg (± 6 kg: whole-kilogram scales)');
    expect(summaryKgWords({ kgShared: 12.5 })).toBe('12.5 kg');
    await applyPreferences({ language: 'es', temperature: 'celsius', weight: 'kg' });
    expect(summaryKgWords(month)).toBe('unos 120 kg (± 6 kg: básculas que redondean al kilo)');
  });
});
