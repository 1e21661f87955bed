import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSlug } from '../../contract/ids';

describe('isSlug', () => {
  it('accepts the lower-case ids the protocol documents', () => {
    for (const id of ['elm-st', 's1', '0', 'a-b-c', `a${'b'.repeat(63)}`]) expect(isSlug(id)).toBe(true);
  });

  it('refuses ids that are not URL- and topic-safe', () => {
    const refused = [
      '',
      '-leading-dash',
      'Elm-St',
      'elm st',
      'elm_st',
      'elm/st',
      '+',
      '#',
      '..',
      'elm-st\n',
      'café',
      `a${'b'.repeat(64)}`,
    ];
    for (const id of refused) expect(isSlug(id), JSON.stringify(id)).toBe(false);
  });

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 1, ['elm'], { id: 'elm' }]) expect(isSlug(value)).toBe(false);
  });

  it('never accepts a string holding a topic separator or wildcard (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        if (isSlug(s)) {
          expect(s).toMatch(/^[a-z0-9][a-z0-9-]*$/);
          expect(s.length).toBeLessThanOrEqual(64);
        }
      }),
      { numRuns: 300 },
    );
  });
});
