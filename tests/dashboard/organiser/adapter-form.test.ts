import { describe, expect, it } from 'vitest';
import { adapterBody, defaultFields } from '../../../dashboard/src/organiser/adapter-form';

describe('the off-the-shelf sensor form', () => {
  it('suggests what each ecosystem calls its sensors', () => {
    expect(defaultFields('esphome', 'elm-st', ['s1', 's2'])).toMatchObject({
      deviceId: 'elm-st-esp',
      topic: 'elm-st-esp',
      door: 'binary_sensor/door',
      probe: 'sensor/fridge_temperature',
      shelves: { s1: 'sensor/shelf_1', s2: 'sensor/shelf_2' },
    });
    expect(defaultFields('tasmota', 'elm-st', ['s1', 's2']).shelves).toEqual({ s1: 'HX711', s2: '' });
    expect(defaultFields('zigbee2mqtt', 'elm-st', ['s1']).door).toBe('elm-st/door');
  });

  it('builds the bindings from the filled fields only, with invert and °F', () => {
    const fields = {
      ...defaultFields('esphome', 'elm-st', ['s1', 's2']),
      doorInverted: true,
      probeFahrenheit: true,
    };
    fields.shelves = { s1: 'sensor/shelf_1', s2: ' ' };
    expect(adapterBody(fields, 'elm-st')).toEqual({
      ok: true,
      value: {
        deviceId: 'elm-st-esp',
        kind: 'esphome',
        topic: 'elm-st-esp',
        bindings: [
          { source: 'binary_sensor/door', fridgeId: 'elm-st', role: 'door', invert: true },
          { source: 'sensor/fridge_temperature', fridgeId: 'elm-st', role: 'temperature', unit: 'F' },
          { source: 'sensor/shelf_1', fridgeId: 'elm-st', role: 'weight', shelfId: 's1' },
        ],
      },
    });
  });

  it('names each field that is wrong', () => {
    const fields = { ...defaultFields('shelly', 'elm-st', []), deviceId: 'Bad Id', door: '', probe: '' };
    const result = adapterBody(fields, 'elm-st');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['deviceId', 'sensors', 'topic']);
  });
});
