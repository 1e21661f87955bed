import { parseDeviceTime } from '../../../contract/payloads';
import type { SensorBinding } from './types';
import { nothing, refusedWhole, type Translation, type Translator } from './types';
import { field, jsonObject, observe, readAvailability } from './values';

/**
 * Tasmota (arendst/Tasmota `xdrv_02_mqtt.ino`, `xsns_05_ds18x20.ino`, `xsns_34_hx711.ino`):
 * telemetry every TelePeriod on `tele/<topic>/SENSOR`, e.g.
 * `{"Time":"…","DS18B20":{"Id":"…","Temperature":4.2},"HX711":{"Weight":1.25},"Switch1":"ON","TempUnit":"C"}`;
 * switch changes with `SetOption114 1` on `stat/<topic>/RESULT` as `{"Switch1":{"Action":"ON"}}`;
 * the will on `tele/<topic>/LWT` is `Online`/`Offline`. `Time` is local time without an offset
 * unless `SetOption52 1` adds one: only a zoned time is used.
 */

/** Keys of a SENSOR message that are no sensor. */
const NOT_SENSORS = new Set(['Time', 'TempUnit', 'PressureUnit', 'SpeedUnit', 'WeightUnit']);

/** The field inside a sensor's object that carries each role's value unless the binding names one. */
function rawValue(binding: SensorBinding, raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const object = raw as Record<string, unknown>;
  const name =
    binding.attribute ??
    (binding.role === 'weight'
      ? 'Weight'
      : binding.role === 'door'
        ? 'Action'
        : binding.role === 'battery'
          ? 'Battery'
          : 'Temperature');
  return field(object, name);
}

function fromObject(
  json: Record<string, unknown>,
  bindings: readonly SensorBinding[],
  declaredTempUnit: string | null,
): Translation {
  const keys = Object.keys(json).filter((k) => !NOT_SENSORS.has(k));
  const result: Translation = { observations: [], refusals: [], seen: keys };
  let anyBound = false;
  for (const binding of bindings) {
    if (!Object.hasOwn(json, binding.source)) continue;
    anyBound = true;
    const raw = rawValue(binding, json[binding.source]);
    if (raw === undefined) {
      result.refusals.push({
        reason: 'malformed-payload',
        detail: `${binding.source}: has no value for ${binding.role}`,
        source: binding.source,
      });
      continue;
    }
    const read = observe(binding, raw, binding.role === 'temperature' ? declaredTempUnit : null);
    if (read.ok) result.observations.push(read.value);
    else result.refusals.push(read.refusal);
  }
  if (!anyBound && keys.length > 0) {
    result.refusals.push({
      reason: 'unmapped-source',
      detail: `no fridge is bound to the Tasmota sensors ${keys.slice(0, 5).join(', ').slice(0, 150)}`,
      source: keys[0] ?? null,
    });
  }
  return result;
}

export const translateTasmota: Translator = ({ topic, payload, root, bindings }) => {
  if (topic === `tele/${root}/LWT`) {
    const online = readAvailability(payload);
    if (online === null) return refusedWhole('malformed-payload', 'LWT: expected Online or Offline');
    return { ...nothing(), observations: [{ kind: 'availability', source: null, online }] };
  }
  const isSensor = topic === `tele/${root}/SENSOR`;
  // stat/<topic>/RESULT carries switch actions (SetOption114) among command answers.
  if (!isSensor && topic !== `stat/${root}/RESULT`) return nothing();
  const json = jsonObject(payload);
  if (!json)
    return refusedWhole('malformed-payload', `${isSensor ? 'SENSOR' : 'RESULT'}: expected a JSON object`);
  if (!isSensor) {
    const switches = bindings.filter((b) => b.role === 'door' && Object.hasOwn(json, b.source));
    return switches.length === 0 ? nothing() : fromObject(json, switches, null);
  }
  const unit = field(json, 'TempUnit');
  const result = fromObject(json, bindings, typeof unit === 'string' ? unit : null);
  const time = field(json, 'Time');
  const parsed = typeof time === 'string' ? parseDeviceTime(time) : null;
  if (parsed?.ok && parsed.value !== undefined) result.deviceTimeMs = parsed.value;
  return result;
};
