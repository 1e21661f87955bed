import { parseDeviceTime } from '../../../contract/payloads';
import {
  type BindingRole,
  nothing,
  refusedWhole,
  type SensorBinding,
  type Translation,
  type Translator,
} from './types';
import { field, jsonObject, observe, readAvailability } from './values';

/**
 * Zigbee2MQTT (Koenkk/zigbee2mqtt 2.x, zigbee2mqtt.io "MQTT topics and messages"): one bridge
 * publishes `<base>/<friendly_name>` as JSON for every Zigbee device; friendly names may hold `/`.
 * `contact` is true when a door sensor's magnet is near, i.e. the door is **closed**.
 */

/** The attribute that carries each role's value unless the binding names another. */
const DEFAULT_ATTRIBUTE: Record<BindingRole, string> = {
  door: 'contact',
  temperature: 'temperature',
  weight: 'weight',
  battery: 'battery',
};

const attributeOf = (binding: SensorBinding) => binding.attribute ?? DEFAULT_ATTRIBUTE[binding.role];

/** `contact: true` means closed: the door is open when contact is false (then the invert flag). */
function asRead(binding: SensorBinding): SensorBinding {
  return binding.role === 'door' && attributeOf(binding) === 'contact'
    ? { ...binding, invert: !binding.invert }
    : binding;
}

function fromValues(
  bindings: SensorBinding[],
  rawValue: (b: SensorBinding) => unknown,
  name: string,
): Translation {
  const result: Translation = { observations: [], refusals: [], seen: [name] };
  for (const binding of bindings) {
    const raw = rawValue(binding);
    // A device that reports one attribute at a time leaves the others out: nothing to say of them.
    if (raw === undefined) continue;
    const read = observe(asRead(binding), raw);
    if (read.ok) result.observations.push({ ...read.value, binding } as typeof read.value);
    else result.refusals.push(read.refusal);
  }
  return result;
}

export const translateZigbee2mqtt: Translator = ({ topic, payload, root, bindings }) => {
  if (!topic.startsWith(`${root}/`))
    return refusedWhole('unknown-topic', `${topic.slice(0, 200)} is not under ${root}/`);
  const rest = topic.slice(root.length + 1);
  if (rest === 'bridge/state') {
    const online = readAvailability(payload);
    if (online === null)
      return refusedWhole('malformed-payload', 'bridge/state: expected {"state":"online"|"offline"}');
    return { ...nothing(), observations: [{ kind: 'availability', source: null, online }] };
  }
  // The bridge's own news (devices, logging, info...) and commands others send the bridge.
  if (rest.startsWith('bridge/') || /\/(set|get)(\/.*)?$/.test(rest)) return nothing();
  if (rest.endsWith('/availability')) {
    const name = rest.slice(0, -'/availability'.length);
    const online = readAvailability(payload);
    if (online === null)
      return refusedWhole(
        'malformed-payload',
        `${name}/availability: expected {"state":"online"|"offline"}`,
        name,
      );
    if (!bindings.some((b) => b.source === name)) return { ...nothing(), seen: [name] };
    return { ...nothing(), seen: [name], observations: [{ kind: 'availability', source: name, online }] };
  }
  const bound = bindings.filter((b) => b.source === rest);
  if (bound.length > 0) {
    const json = jsonObject(payload);
    if (!json) return refusedWhole('malformed-payload', `${rest}: expected a JSON object`, rest);
    const translation = fromValues(bound, (b) => field(json, attributeOf(b)), rest);
    const time = parseDeviceTime(lastSeen(field(json, 'last_seen')));
    if (time.ok && time.value !== undefined) translation.deviceTimeMs = time.value;
    return translation;
  }
  // `output: attribute` publishes `<name>/<attribute>` with a bare value.
  const cut = rest.lastIndexOf('/');
  if (cut > 0) {
    const name = rest.slice(0, cut);
    const attribute = rest.slice(cut + 1);
    const byAttribute = bindings.filter((b) => b.source === name && attributeOf(b) === attribute);
    if (byAttribute.length > 0) return fromValues(byAttribute, () => payload.trim(), name);
  }
  return refusedWhole(
    'unmapped-source',
    `no fridge is bound to the Zigbee2MQTT device "${rest.slice(0, 100)}"`,
    rest,
  );
};

/** `advanced.last_seen`: epoch ms, or ISO 8601 (only a zoned one is a time we can trust). */
function lastSeen(raw: unknown): string | number | undefined {
  return typeof raw === 'number' || typeof raw === 'string' ? raw : undefined;
}
