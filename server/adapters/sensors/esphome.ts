import { nothing, refusedWhole, type Translation, type Translator } from './types';
import { observe, readAvailability } from './values';

/**
 * ESPHome's MQTT component (esphome/esphome `components/mqtt`): each entity publishes its state
 * as plain text on `<topic_prefix>/<component>/<object_id>/state` (retained by default): a
 * number with `accuracy_decimals` digits (`nan` when the sensor failed) for a `sensor`, `ON`/`OFF`
 * for a `binary_sensor`. `<topic_prefix>/status` is `online`/`offline` (birth and will).
 */
const STATE_TOPIC = /^([a-z_]+)\/([^/]+)\/state$/;

export const translateEsphome: Translator = ({ topic, payload, root, bindings }) => {
  if (!topic.startsWith(`${root}/`))
    return refusedWhole('unknown-topic', `${topic.slice(0, 200)} is not under ${root}/`);
  const rest = topic.slice(root.length + 1);
  if (rest === 'status') {
    const online = readAvailability(payload);
    if (online === null) return refusedWhole('malformed-payload', 'status: expected online or offline');
    return { ...nothing(), observations: [{ kind: 'availability', source: null, online }] };
  }
  const match = STATE_TOPIC.exec(rest);
  // Logs (`<prefix>/debug`), commands others send it, discovery: no reading there.
  if (!match) return nothing();
  const source = `${match[1]}/${match[2]}`;
  const bound = bindings.filter((b) => b.source === source);
  if (bound.length === 0)
    return refusedWhole(
      'unmapped-source',
      `no fridge is bound to the ESPHome entity "${source.slice(0, 100)}"`,
      source,
    );
  const result: Translation = { observations: [], refusals: [], seen: [source] };
  for (const binding of bound) {
    const read = observe(binding, payload.trim());
    if (read.ok) result.observations.push(read.value);
    else result.refusals.push(read.refusal);
  }
  return result;
};
