import { describe, expect, it } from 'vitest';
import type { SensorReading } from '../../../firmware-sim';
import { createEncoder, type FormatMessage } from '../../../firmware-sim/formats';
import { TRANSLATORS } from '../../../server/adapters/sensors';
import type { Observation } from '../../../server/adapters/sensors/types';
import { demoAdapterDevice, demoBindings } from '../../../server/demo/demoFormats';
import { DEMO_FRIDGES } from '../../../server/demo/demoSite';
import { checkBindings } from '../../../server/domain/bindingRules';

/** Tuesday 1 December 2026, 09:00 UTC. */
const T0 = Date.UTC(2026, 11, 1, 9, 0);

/**
 * The bindings the demo registers read what the simulator sends under its default names, with the
 * right polarity and units: each simulated device's messages through the server's translator.
 */
describe('the demo fridges fed by other ecosystems', () => {
  const adapterFed = DEMO_FRIDGES.filter((f) => f.format !== undefined);

  it('are one of each kind, the incident fridges and the pantry staying native', () => {
    expect(adapterFed.map((f) => [f.id, f.format])).toEqual([
      ['elm-st', 'shelly'],
      ['harbour-rd', 'zigbee2mqtt'],
      ['market-sq', 'esphome'],
      ['mill-lane', 'tasmota'],
    ]);
  });

  for (const fridge of adapterFed) {
    const format = fridge.format ?? 'esphome';
    it(`${fridge.id} (${format}): door closed then open, 4.2 °C and each weighed shelf, nothing refused`, () => {
      const { deviceId, topic } = demoAdapterDevice(fridge.id, format);
      const bindings = checkBindings(demoBindings(format, fridge.id, fridge.shelves), (id) =>
        id === fridge.id ? fridge : null,
      );
      const shelfIds = fridge.shelves.length > 0 ? fridge.shelves.map((s) => s.id) : ['inside'];
      const encoder = createEncoder(format, {
        fridgeId: fridge.id,
        deviceId,
        topic,
        shelfIds,
        health: { battery: 0.9, rssi: -60 },
        utcOffsetMinutes: 0,
      });
      const at = (ms: number, value: SensorReading['value']): SensorReading => ({
        atMs: T0 + ms,
        fridgeId: fridge.id,
        value,
      });
      const messages: FormatMessage[] = [...encoder.online(T0)];
      const readings = [
        at(0, { kind: 'temperature', celsius: 4.2 }),
        ...shelfIds.map((shelfId, i) => at(0, { kind: 'weight', shelfId, kg: 5 + i })),
        at(1_000, { kind: 'door', open: false }),
        at(31_000, { kind: 'door', open: true }),
      ];
      for (const reading of readings) messages.push(...encoder.reading(reading));
      const observations: Observation[] = [];
      for (const message of messages) {
        const translation = TRANSLATORS[format]({
          topic: message.topic,
          payload: message.payload,
          root: topic,
          bindings,
        });
        expect(translation.refusals).toEqual([]);
        observations.push(...translation.observations);
      }
      const doors = observations.flatMap((o) => (o.kind === 'door' ? [o.open] : []));
      // Tasmota's TelePeriod report repeats the switch: only the changes matter here.
      expect(doors.filter((open, i) => i === 0 || open !== doors[i - 1])).toEqual([false, true]);
      const celsius = observations.flatMap((o) => (o.kind === 'temperature' ? [o.celsius] : []));
      expect(celsius[0]).toBeCloseTo(4.2, 1);
      const weights = new Map(
        observations.flatMap((o) => (o.kind === 'weight' ? [[o.binding.shelfId, o.kg] as const] : [])),
      );
      expect(Object.fromEntries(weights)).toEqual(
        Object.fromEntries(fridge.shelves.map((s, i) => [s.id, 5 + i])),
      );
    });
  }
});
