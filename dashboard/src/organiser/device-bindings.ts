import type { AdapterKind } from '../../../contract/adapterTopics';
import type { Binding, BindingInput, DeviceDetails, SeenSources } from '../../../contract/devices';
import { type AdapterFields, bindingsOfFields } from './adapter-form';

/**
 * Changing an off-the-shelf device's bindings for one fridge (issue 15), without new credentials:
 * the form starts from its bindings, offers what the broker has seen under its topic, and sends
 * the bindings for this fridge beside the untouched ones for other fridges. Pure, so tested
 * without a browser.
 */

export type BindingField = 'door' | 'probe' | 'shelf';

/** The form's fields as the device's current bindings for this fridge stand. */
export function fieldsOfDevice(
  details: DeviceDetails,
  fridgeId: string,
  shelfIds: readonly string[],
): AdapterFields {
  const here = details.bindings.filter((b) => b.fridgeId === fridgeId);
  const door = here.find((b) => b.role === 'door');
  const probe = here.find((b) => b.role === 'temperature');
  const shelfSource = (id: string) => here.find((b) => b.role === 'weight' && b.shelfId === id)?.source ?? '';
  return {
    kind: (details.kind === 'native' ? 'esphome' : details.kind) as AdapterKind,
    deviceId: details.deviceId,
    topic: details.topic ?? '',
    door: door?.source ?? '',
    doorInverted: door?.invert ?? false,
    probe: probe?.source ?? '',
    probeFahrenheit: probe?.unit === 'F',
    shelves: Object.fromEntries(shelfIds.map((id) => [id, shelfSource(id)])),
  };
}

const inputOf = (b: Binding): BindingInput => ({
  source: b.source,
  fridgeId: b.fridgeId,
  role: b.role,
  ...(b.shelfId !== null ? { shelfId: b.shelfId } : {}),
  ...(b.invert ? { invert: true } : {}),
  ...(b.unit !== null ? { unit: b.unit as NonNullable<BindingInput['unit']> } : {}),
  ...(b.attribute !== null ? { attribute: b.attribute } : {}),
});

/**
 * The whole new binding list: other fridges' bindings and this fridge's battery ones stay as they
 * are; the door, probe and shelves come from the form. A sensor kept under the same role keeps the
 * attribute (and weight unit) it had, which the form does not show.
 */
export function rebindBindings(
  fields: AdapterFields,
  details: DeviceDetails,
  fridgeId: string,
): { ok: true; value: BindingInput[] } | { ok: false; errors: { sensors: string } } {
  const kept = details.bindings.filter((b) => b.fridgeId !== fridgeId || b.role === 'battery').map(inputOf);
  const before = details.bindings.filter((b) => b.fridgeId === fridgeId);
  const fromForm = bindingsOfFields(fields, fridgeId).map((b) => {
    const old = before.find((o) => o.source === b.source && o.role === b.role);
    if (!old) return b;
    return {
      ...b,
      ...(old.attribute !== null ? { attribute: old.attribute } : {}),
      ...(b.role === 'weight' && old.unit !== null
        ? { unit: old.unit as NonNullable<BindingInput['unit']> }
        : {}),
    };
  });
  const bindings = [...kept, ...fromForm];
  if (bindings.length === 0)
    return { ok: false, errors: { sensors: 'Keep at least one sensor: the door, the probe or a shelf.' } };
  return { ok: true, value: bindings };
}

/**
 * The seen sources worth offering for a field, newest first. ESPHome names its component type in
 * the source: a door is a `binary_sensor/…`, a probe or a load cell a `sensor/…`. Other ecosystems'
 * names (a Zigbee2MQTT friendly name, a Tasmota key) say nothing of the role, so all are offered.
 */
export function offeredSources(seen: SeenSources, kind: string, field: BindingField): string[] {
  const fits = (source: string) => {
    if (kind !== 'esphome') return true;
    return field === 'door' ? source.startsWith('binary_sensor/') : source.startsWith('sensor/');
  };
  return seen.map((s) => s.source).filter(fits);
}
