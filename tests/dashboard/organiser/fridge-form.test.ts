import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSlug } from '../../../contract/ids';
import {
  checkDeviceId,
  checkFridgeEdit,
  checkNewFridge,
  editFieldsOf,
  emptyFridgeFields,
  type NewFridgeFields,
  newShelf,
  slugFrom,
} from '../../../dashboard/src/organiser/fridge-form';
import { makeFridge } from '../fixtures';

const valid: NewFridgeFields = {
  id: 'oak-ave',
  name: '  Oak Ave fridge ',
  kind: 'fridge',
  address: '',
  shelves: [
    { key: 1, id: 's1', tareKg: '2', capacityKg: '20' },
    { key: 2, id: 'bottom', tareKg: '1,5', capacityKg: '15.5' },
  ],
};

const errorsOf = (fields: NewFridgeFields) => {
  const checked = checkNewFridge(fields);
  return checked.ok ? {} : checked.errors;
};

describe('slugFrom', () => {
  it('suggests an id from a name', () => {
    expect(slugFrom('Elm St. fridge #2')).toBe('elm-st-fridge-2');
    expect(slugFrom('Café Ümlaut')).toBe('cafe-umlaut');
    expect(slugFrom('  --  ')).toBe('');
  });

  it('always suggests a valid id, or nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (name) => {
        const slug = slugFrom(name);
        expect(slug === '' || isSlug(slug)).toBe(true);
      }),
    );
  });
});

describe('newShelf', () => {
  it('numbers new shelves with the first free id and a fresh key', () => {
    const first = emptyFridgeFields().shelves;
    expect(first).toEqual([{ key: 1, id: 's1', tareKg: '', capacityKg: '' }]);
    const second = newShelf(first);
    expect(second).toMatchObject({ key: 2, id: 's2' });
    expect(newShelf([{ key: 5, id: 's2', tareKg: '', capacityKg: '' }])).toMatchObject({ key: 6, id: 's1' });
  });
});

describe('checkNewFridge', () => {
  it('makes the POST body: trimmed, numbers parsed (a decimal comma too), empty address as null', () => {
    expect(checkNewFridge(valid)).toEqual({
      ok: true,
      value: {
        id: 'oak-ave',
        name: 'Oak Ave fridge',
        kind: 'fridge',
        address: null,
        shelves: [
          { id: 's1', tareKg: 2, capacityKg: 20 },
          { id: 'bottom', tareKg: 1.5, capacityKg: 15.5 },
        ],
      },
    });
  });

  it('accepts a fridge without shelves', () => {
    expect(checkNewFridge({ ...valid, shelves: [] }).ok).toBe(true);
  });

  it('puts each message next to its field', () => {
    expect(Object.keys(errorsOf({ ...valid, id: '', name: ' ' }))).toEqual(['id', 'name']);
    expect(errorsOf({ ...valid, id: 'Oak Ave' }).id).toMatch(/lower-case/);
    expect(errorsOf({ ...valid, name: 'x'.repeat(121) }).name).toMatch(/120/);
    expect(errorsOf({ ...valid, address: 'x'.repeat(301) }).address).toMatch(/300/);
  });

  it('checks every shelf: ids unique slugs, tare 0 to 500 kg, capacity above 0 up to 1000 kg', () => {
    const errors = errorsOf({
      ...valid,
      shelves: [
        { key: 1, id: 's1', tareKg: '-1', capacityKg: '0' },
        { key: 2, id: 's1', tareKg: 'two', capacityKg: '' },
        { key: 3, id: 'Top shelf', tareKg: '501', capacityKg: '1001' },
      ],
    });
    expect(errors).toEqual({
      'shelves.0.tareKg': 'Between 0 and 500 kg.',
      'shelves.0.capacityKg': 'More than 0 and at most 1000 kg.',
      'shelves.1.id': 'Another shelf is already called "s1".',
      'shelves.1.tareKg': 'Enter a number of kg, e.g. 2.5.',
      'shelves.1.capacityKg': 'Enter how many kg of food the shelf holds when full.',
      'shelves.2.id': expect.stringMatching(/lower-case/),
      'shelves.2.tareKg': 'Between 0 and 500 kg.',
      'shelves.2.capacityKg': 'More than 0 and at most 1000 kg.',
    });
  });

  it('allows at most 32 shelves', () => {
    const shelves = Array.from({ length: 33 }, (_, i) => ({
      key: i,
      id: `s${i}`,
      tareKg: '0',
      capacityKg: '1',
    }));
    expect(errorsOf({ ...valid, shelves }).shelves).toMatch(/32/);
  });
});

describe('checkFridgeEdit', () => {
  const fridge = makeFridge();

  it('starts from the fridge as it is, and sends nothing when nothing changed', () => {
    const fields = editFieldsOf(fridge);
    expect(fields).toEqual({
      name: 'Main St fridge',
      address: '12 Main St',
      emptyBelowPercent: '10',
      fewBelowPercent: '45',
      manyBelowPercent: '80',
    });
    expect(checkFridgeEdit(fields, fridge)).toEqual({ ok: true, value: null });
  });

  it('sends only what changed, an empty address as null and levels whole', () => {
    const fields = { ...editFieldsOf(fridge), address: ' ', fewBelowPercent: '40' };
    expect(checkFridgeEdit(fields, fridge)).toEqual({
      ok: true,
      value: { address: null, levels: { emptyBelowPercent: 10, fewBelowPercent: 40, manyBelowPercent: 80 } },
    });
    expect(checkFridgeEdit({ ...editFieldsOf(fridge), name: 'Main Street' }, fridge)).toEqual({
      ok: true,
      value: { name: 'Main Street' },
    });
  });

  it('wants the levels from 0 to 100 and rising', () => {
    const check = (change: Partial<ReturnType<typeof editFieldsOf>>) => {
      const checked = checkFridgeEdit({ ...editFieldsOf(fridge), ...change }, fridge);
      return checked.ok ? {} : checked.errors;
    };
    expect(check({ emptyBelowPercent: '' })).toEqual({
      emptyBelowPercent: 'Enter a percentage from 0 to 100.',
    });
    expect(check({ manyBelowPercent: '101' })).toEqual({ manyBelowPercent: 'From 0 to 100 %.' });
    expect(check({ fewBelowPercent: '5' })).toEqual({
      fewBelowPercent: 'At least the "empty" limit (10 %).',
    });
    expect(check({ manyBelowPercent: '30' })).toEqual({
      manyBelowPercent: 'At least the "a few items" limit (45 %).',
    });
  });
});

describe('checkDeviceId', () => {
  it('lets the server choose when empty, and wants a slug otherwise', () => {
    expect(checkDeviceId('  ')).toEqual({ ok: true, value: undefined });
    expect(checkDeviceId(' oak-scale ')).toEqual({ ok: true, value: 'oak-scale' });
    expect(checkDeviceId('Oak scale').ok).toBe(false);
  });
});
