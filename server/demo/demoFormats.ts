import type { BindingInput } from '../../contract/devices';
import { esphomeObjects, SHELLY_COMPONENTS, zigbeeNames } from '../../firmware-sim/formats';
import type { ShelfSpec } from '../domain/stock';

/** The other ecosystems a demo fridge can be fed by (issue 15); the rest speak our own contract. */
export type DemoFormat = 'zigbee2mqtt' | 'esphome' | 'tasmota' | 'shelly';

/** The adapter device feeding a demo fridge: its id, and its root as the simulator defaults it. */
export function demoAdapterDevice(fridgeId: string, format: DemoFormat): { deviceId: string; topic: string } {
  const deviceId = `${fridgeId}-${format}`;
  return { deviceId, topic: format === 'zigbee2mqtt' ? 'zigbee2mqtt' : deviceId };
}

/**
 * The sources each simulated device publishes under its default names (docs/simulator.md, "Other
 * ecosystems' formats"), bound to the fridge it feeds, as an organiser would enter them.
 */
export function demoBindings(
  format: DemoFormat,
  fridgeId: string,
  shelves: readonly ShelfSpec[],
): BindingInput[] {
  switch (format) {
    case 'zigbee2mqtt': {
      const names = zigbeeNames(fridgeId);
      // Every Zigbee2MQTT message carries `battery`: the door sensor's is the one bound.
      return [
        { source: names.door, fridgeId, role: 'door' },
        { source: names.probe, fridgeId, role: 'temperature' },
        { source: names.door, fridgeId, role: 'battery' },
      ];
    }
    case 'esphome': {
      const objects = esphomeObjects();
      return [
        { source: objects.door, fridgeId, role: 'door' },
        { source: objects.temperature, fridgeId, role: 'temperature' },
        { source: objects.battery, fridgeId, role: 'battery' },
        ...shelves.map((s) => ({
          source: esphomeObjects(s.id).shelf,
          fridgeId,
          role: 'weight' as const,
          shelfId: s.id,
        })),
      ];
    }
    case 'tasmota': {
      const first = shelves[0];
      return [
        { source: 'Switch1', fridgeId, role: 'door' },
        { source: 'DS18B20', fridgeId, role: 'temperature' },
        ...(first ? [{ source: 'HX711', fridgeId, role: 'weight' as const, shelfId: first.id }] : []),
      ];
    }
    case 'shelly':
      // `input:0` is true while the reed switch's circuit is closed, i.e. the door shut.
      return [
        { source: SHELLY_COMPONENTS.door, fridgeId, role: 'door', invert: true },
        { source: SHELLY_COMPONENTS.temperature, fridgeId, role: 'temperature' },
        { source: SHELLY_COMPONENTS.battery, fridgeId, role: 'battery' },
      ];
  }
}
