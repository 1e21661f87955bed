import { describe, expect, it } from 'vitest';
import { fieldOfRefusal, parseDecimal } from '../../../dashboard/src/organiser/forms';

describe('parseDecimal', () => {
  it('reads numbers as typed, with a decimal point or comma', () => {
    expect(parseDecimal('2')).toBe(2);
    expect(parseDecimal(' 2.5 ')).toBe(2.5);
    expect(parseDecimal('2,5')).toBe(2.5);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('-1')).toBe(-1);
  });

  it('refuses what is not plainly a number', () => {
    for (const text of ['', ' ', 'two', '1e3', '0x10', '2.5.1', '2,5,1', 'Infinity', '12 kg']) {
      expect(parseDecimal(text)).toBeNull();
    }
  });
});

describe('fieldOfRefusal', () => {
  it('finds the field a server message names', () => {
    expect(fieldOfRefusal('BAD_REQUEST', 'body/shelves/1/id must match pattern "^[a-z0-9]"')).toBe(
      'shelves.1.id',
    );
    expect(fieldOfRefusal('BAD_REQUEST', 'shelves/0/id: "s1" is used twice')).toBe('shelves.0.id');
    expect(fieldOfRefusal('BAD_REQUEST', 'levels: thresholds must rise')).toBe('levels');
    expect(fieldOfRefusal('BAD_REQUEST', 'body/name must NOT have fewer than 1 characters')).toBe('name');
  });

  it('knows which field a duplicate id is about', () => {
    expect(fieldOfRefusal('FRIDGE_EXISTS', 'a fridge with id "oak" exists')).toBe('id');
    expect(fieldOfRefusal('DEVICE_EXISTS', 'a device with id "x" exists')).toBe('deviceId');
    expect(fieldOfRefusal('VOLUNTEER_EXISTS', 'a volunteer with id "ana" exists')).toBe('id');
  });

  it('gives no field for a message that names none', () => {
    expect(fieldOfRefusal(null, 'something went wrong on the server')).toBeNull();
    expect(fieldOfRefusal('BAD_REQUEST', "body must have required property 'name'")).toBeNull();
    expect(fieldOfRefusal(null, '')).toBeNull();
  });
});
