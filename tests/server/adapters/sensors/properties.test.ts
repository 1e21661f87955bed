import '../../../deterministicProperties';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../contract/payloads';
import { TRANSLATORS } from '../../../../server/adapters/sensors';
import { binding } from './fixtures';

const bindings = [
  binding('fridge/door', 'door'),
  binding('sensor/t', 'temperature'),
  binding('DS18B20', 'temperature', { unit: 'F' }),
  binding('HX711', 'weight'),
  binding('temperature:0', 'temperature'),
  binding('sensor/state', 'door'),
];
const roots = { zigbee2mqtt: 'zigbee2mqtt', esphome: 'elm', tasmota: 'elm', shelly: 'shellies/dw2' } as const;

/** Topics near the ones each translator knows, and payloads that are anything at all. */
const topicArb = fc.oneof(
  fc.constantFrom(
    'zigbee2mqtt/fridge/door',
    'zigbee2mqtt/bridge/state',
    'elm/sensor/t/state',
    'elm/status',
    'tele/elm/SENSOR',
    'tele/elm/LWT',
    'stat/elm/RESULT',
    'shellies/dw2/events/rpc',
    'shellies/dw2/sensor/state',
    'shellies/dw2/online',
  ),
  fc.string({ maxLength: 60 }),
);
const payloadArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom(
    'nan',
    'ON',
    'OFF',
    '{"contact":"maybe"}',
    '{"DS18B20":{"Temperature":"nan"},"TempUnit":"X"}',
  ),
  fc
    .dictionary(
      fc.constantFrom(
        'contact',
        'temperature',
        'HX711',
        'DS18B20',
        'params',
        'method',
        'TempUnit',
        '__proto__',
      ),
      fc.anything(),
    )
    .map((o) => JSON.stringify(o) ?? 'null'),
);

describe('every translator against garbage (property)', () => {
  it('never throws, and whatever it observes lies inside the contract’s limits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(TRANSLATORS) as Array<keyof typeof TRANSLATORS>)),
        topicArb,
        payloadArb,
        (kind, topic, payload) => {
          const t = TRANSLATORS[kind]({ topic, payload, root: roots[kind], bindings });
          for (const o of t.observations) {
            if (o.kind === 'temperature') {
              expect(o.celsius).toBeGreaterThanOrEqual(LIMITS.minCelsius);
              expect(o.celsius).toBeLessThanOrEqual(LIMITS.maxCelsius);
            }
            if (o.kind === 'weight')
              expect(Number.isFinite(o.kg) && o.kg >= LIMITS.minKg && o.kg <= LIMITS.maxKg).toBe(true);
            if (o.kind === 'battery') expect(o.fraction >= 0 && o.fraction <= 1).toBe(true);
            if (o.kind === 'door') expect(typeof o.open).toBe('boolean');
          }
          for (const r of t.refusals) expect(r.detail.length).toBeLessThan(400);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
