import type { SensorBinding } from './types';
import { nothing, refusedWhole, type Translation, type Translator } from './types';
import { field, jsonObject, observe, readAvailability } from './values';

/**
 * Shelly. Gen2+ (Plus, Pro, Gen3; shelly-api-docs.shelly.cloud "MQTT"): `<prefix>/events/rpc`
 * carries `NotifyStatus`/`NotifyFullStatus` with `params.ts` (Unix seconds, UTC) and components
 * such as `"temperature:0":{"id":0,"tC":19.8,"tF":67.6}`; with `status_ntf` each component also
 * comes alone on `<prefix>/status/<component>`. Gen1 (Door/Window 2) publishes plain values on
 * `shellies/<id>/sensor/state` (`open`/`close`), `sensor/temperature`, `sensor/battery`.
 * `<prefix>/online` is `true`/`false` on both.
 */

/** The field of a Gen2 component that carries each role's value unless the binding names one. */
function componentValue(binding: SensorBinding, component: unknown): unknown {
  if (component === null || typeof component !== 'object' || Array.isArray(component)) return component;
  const object = component as Record<string, unknown>;
  if (binding.attribute) return field(object, binding.attribute);
  switch (binding.role) {
    case 'temperature':
      return field(object, 'tC');
    case 'door':
      return field(object, 'state');
    case 'battery': {
      const battery = field(object, 'battery');
      return battery && typeof battery === 'object'
        ? field(battery as Record<string, unknown>, 'percent')
        : undefined;
    }
    case 'weight':
      return field(object, 'value');
  }
}

function fromComponents(
  components: Record<string, unknown>,
  bindings: readonly SensorBinding[],
): Translation {
  const keys = Object.keys(components).filter((k) => k.includes(':'));
  const result: Translation = { observations: [], refusals: [], seen: keys };
  for (const binding of bindings) {
    if (!Object.hasOwn(components, binding.source)) continue;
    const raw = componentValue(binding, components[binding.source]);
    // A NotifyStatus carries only what changed: a component without the field says nothing.
    if (raw === undefined) continue;
    const read = observe(binding, raw);
    if (read.ok) result.observations.push(read.value);
    else result.refusals.push(read.refusal);
  }
  const anyBound = bindings.some((b) => Object.hasOwn(components, b.source));
  if (!anyBound && keys.length > 0) {
    result.refusals.push({
      reason: 'unmapped-source',
      detail: `no fridge is bound to the Shelly components ${keys.slice(0, 5).join(', ').slice(0, 150)}`,
      source: keys[0] ?? null,
    });
  }
  return result;
}

export const translateShelly: Translator = ({ topic, payload, root, bindings }) => {
  if (!topic.startsWith(`${root}/`))
    return refusedWhole('unknown-topic', `${topic.slice(0, 200)} is not under ${root}/`);
  const rest = topic.slice(root.length + 1);
  if (rest === 'online') {
    const online = readAvailability(payload);
    if (online === null) return refusedWhole('malformed-payload', 'online: expected true or false');
    return { ...nothing(), observations: [{ kind: 'availability', source: null, online }] };
  }
  if (rest === 'events/rpc') {
    const json = jsonObject(payload);
    if (!json) return refusedWhole('malformed-payload', 'events/rpc: expected a JSON object');
    const method = field(json, 'method');
    if (method !== 'NotifyStatus' && method !== 'NotifyFullStatus') return nothing();
    const params = field(json, 'params');
    if (!params || typeof params !== 'object' || Array.isArray(params))
      return refusedWhole('malformed-payload', 'events/rpc: params is not an object');
    const result = fromComponents(params as Record<string, unknown>, bindings);
    const ts = field(params as Record<string, unknown>, 'ts');
    if (typeof ts === 'number' && Number.isFinite(ts) && ts > 0) result.deviceTimeMs = Math.round(ts * 1000);
    return result;
  }
  if (rest.startsWith('status/')) {
    const component = rest.slice('status/'.length);
    const json = jsonObject(payload);
    if (!json) return refusedWhole('malformed-payload', `${component}: expected a JSON object`, component);
    return fromComponents({ [component]: json }, bindings);
  }
  // Gen1: the rest of the topic names the sensor, the payload is its bare value.
  const bound = bindings.filter((b) => b.source === rest);
  if (bound.length === 0) {
    if (!rest.startsWith('sensor/')) return nothing();
    return refusedWhole(
      'unmapped-source',
      `no fridge is bound to the Shelly sensor "${rest.slice(0, 100)}"`,
      rest,
    );
  }
  const result: Translation = { observations: [], refusals: [], seen: [rest] };
  for (const binding of bound) {
    const read = observe(binding, payload.trim());
    if (read.ok) result.observations.push(read.value);
    else result.refusals.push(read.refusal);
  }
  return result;
};
