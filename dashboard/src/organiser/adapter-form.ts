import type { AdapterKind } from '../../../contract/adapterTopics';
import type { BindingInput, CreateDeviceBody } from '../../../contract/devices';
import { isSlug } from '../../../contract/ids';

/**
 * The off-the-shelf sensor form (issue 15): which device, and which of its sensors is the door, the
 * probe and each shelf. Pure, so the rules are tested without a browser.
 */
export interface AdapterFields {
  kind: AdapterKind;
  deviceId: string;
  topic: string;
  door: string;
  doorInverted: boolean;
  probe: string;
  probeFahrenheit: boolean;
  /** Source per shelf id; empty means that shelf is not weighed by this device. */
  shelves: Record<string, string>;
}

export const KIND_LABELS: Record<AdapterKind, string> = {
  zigbee2mqtt: 'Zigbee2MQTT bridge',
  esphome: 'ESPHome (ESP32)',
  tasmota: 'Tasmota (ESP32)',
  shelly: 'Shelly',
};

/** What each ecosystem calls the usual sensors, as the ready configurations name them. */
export function defaultFields(
  kind: AdapterKind,
  fridgeId: string,
  shelfIds: readonly string[],
): AdapterFields {
  const compact = fridgeId.replace(/-/g, '');
  const shelves = (source: (index: number) => string) =>
    Object.fromEntries(shelfIds.map((id, index) => [id, source(index)]));
  const base = { kind, doorInverted: false, probeFahrenheit: false };
  switch (kind) {
    case 'zigbee2mqtt':
      // Zigbee has no shelf scales: doors and probes, named after the fridge.
      return {
        ...base,
        deviceId: 'zigbee-bridge',
        topic: 'zigbee2mqtt',
        door: `${fridgeId}/door`,
        probe: `${fridgeId}/probe`,
        shelves: shelves(() => ''),
      };
    case 'esphome':
      return {
        ...base,
        deviceId: `${fridgeId}-esp`,
        topic: `${fridgeId}-esp`,
        door: 'binary_sensor/door',
        probe: 'sensor/fridge_temperature',
        shelves: shelves((i) => `sensor/shelf_${i + 1}`),
      };
    case 'tasmota':
      // Tasmota reads one HX711: the first shelf.
      return {
        ...base,
        deviceId: `${fridgeId}-tasmota`,
        topic: compact,
        door: 'Switch1',
        probe: 'DS18B20',
        shelves: shelves((i) => (i === 0 ? 'HX711' : '')),
      };
    case 'shelly':
      return {
        ...base,
        deviceId: `${fridgeId}-shelly`,
        topic: '',
        door: 'sensor/state',
        probe: 'temperature:0',
        shelves: shelves(() => ''),
      };
  }
}

export type AdapterErrors = Partial<Record<'deviceId' | 'topic' | 'sensors', string>>;

const TOPIC = /^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_-]{1,64}){0,3}$/;

/** The request body, or the errors to show next to the fields. */
export function adapterBody(
  fields: AdapterFields,
  fridgeId: string,
): { ok: true; value: CreateDeviceBody } | { ok: false; errors: AdapterErrors } {
  const errors: AdapterErrors = {};
  const deviceId = fields.deviceId.trim();
  const topic = fields.topic.trim();
  if (!isSlug(deviceId)) errors.deviceId = 'Use lower-case letters, digits and “-” (e.g. elm-st-esp).';
  if (!TOPIC.test(topic))
    errors.topic = 'Letters, digits, “_” and “-”, levels separated by “/”, no wildcards.';
  const bindings = bindingsOfFields(fields, fridgeId);
  if (bindings.length === 0) errors.sensors = 'Name at least one sensor: the door, the probe or a shelf.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { deviceId, kind: fields.kind, topic, bindings } };
}

/** The door, probe and shelf bindings the fields name for this fridge. */
export function bindingsOfFields(fields: AdapterFields, fridgeId: string): BindingInput[] {
  const bindings: BindingInput[] = [];
  const door = fields.door.trim();
  if (door !== '')
    bindings.push({ source: door, fridgeId, role: 'door', ...(fields.doorInverted ? { invert: true } : {}) });
  const probe = fields.probe.trim();
  if (probe !== '')
    bindings.push({
      source: probe,
      fridgeId,
      role: 'temperature',
      ...(fields.probeFahrenheit ? { unit: 'F' as const } : {}),
    });
  for (const [shelfId, source] of Object.entries(fields.shelves)) {
    if (source.trim() !== '') bindings.push({ source: source.trim(), fridgeId, role: 'weight', shelfId });
  }
  return bindings;
}
