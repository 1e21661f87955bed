import { describe, expect, it } from 'vitest';
import {
  newBindingMemory,
  stepBindingMemory,
  WHOLE_KG_WARNING_AFTER,
} from '../../../server/domain/bindingMemory';

describe('stepBindingMemory', () => {
  it('passes a door state on only when it changes (a resend is no news)', () => {
    let memory = newBindingMemory(false);
    const verdicts = [false, true, true, false, false].map((open) => {
      const v = stepBindingMemory(memory, { kind: 'door', open });
      memory = v.memory;
      return v.passOn;
    });
    expect(verdicts).toEqual([false, true, false, true, false]);
    expect(stepBindingMemory(newBindingMemory(), { kind: 'door', open: false }).passOn).toBe(true);
  });

  it('warns a shelf that has only ever reported whole kilograms, and never once it showed a fraction', () => {
    let memory = newBindingMemory();
    const warnings = [12, 12, 11, 11, 11, 10].map((kg) => {
      const v = stepBindingMemory(memory, { kind: 'weight', kg });
      memory = v.memory;
      expect(v.passOn).toBe(true);
      return v.warning;
    });
    expect(warnings.indexOf('whole-kg')).toBe(WHOLE_KG_WARNING_AFTER - 1);
    const fine = stepBindingMemory(memory, { kind: 'weight', kg: 9.875 });
    expect(fine.warning).toBeNull();
    let after = fine.memory;
    for (let i = 0; i < 2 * WHOLE_KG_WARNING_AFTER; i++)
      after = stepBindingMemory(after, { kind: 'weight', kg: 9 }).memory;
    expect(stepBindingMemory(after, { kind: 'weight', kg: 9 }).warning).toBeNull();
  });
});
