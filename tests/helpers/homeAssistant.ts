import mqtt, { type MqttClient } from 'mqtt';
import { expect } from 'vitest';
import type { FridgeStatus } from '../../contract/api';
import { eventually } from './eventually';

/** What a discovery config looks like on the wire, as far as these tests read it. */
export interface DiscoveryConfig {
  name: string;
  unique_id: string;
  state_topic: string;
  value_template: string;
  device_class?: string;
  unit_of_measurement?: string;
  state_class?: string;
  options?: string[];
  payload_on?: string;
  payload_off?: string;
  availability: Array<{ topic: string; payload_available: string; payload_not_available: string }>;
  device: { identifiers: string[]; name: string; manufacturer: string; model: string };
  origin: { name: string; sw_version: string };
}

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

/** An MQTT.js client that keeps every message it receives, like Home Assistant's own connection. */
export async function listeningClient(url: string, options: mqtt.IClientOptions = {}) {
  const client: MqttClient = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    ...options,
  });
  const received: Received[] = [];
  client.on('message', (topic, payload, packet) =>
    received.push({ topic, payload: payload.toString('utf8'), retain: packet.retain }),
  );
  return { client, received };
}

/** Waits for `count` messages on topics matching `pattern` past index `from`, and returns them. */
export async function awaitMessages(received: Received[], pattern: RegExp, count: number, from = 0) {
  return eventually(() => {
    const matching = received.slice(from).filter((message) => pattern.test(message.topic));
    expect(matching.length).toBeGreaterThanOrEqual(count);
    return matching;
  });
}

/**
 * Home Assistant's `<prefix>/<component>/<node_id>/<object_id>/config`, with the characters its
 * documentation allows in node and object ids (`[a-zA-Z0-9_-]`).
 */
export const DISCOVERY_TOPIC =
  /^homeassistant\/(sensor|binary_sensor)\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)\/config$/;

/**
 * Renders a `{{ value_json.a.b }}` template against a state document as Home Assistant's Jinja
 * does: a JSON path, then Python's `str()` of the value (`True`, `False`, `None`, `4.2`). Fails
 * when the template has any other shape, or when the path is missing from the document.
 */
export function renderValueTemplate(template: string, state: FridgeStatus): string {
  const match = /^\{\{ value_json\.([A-Za-z_]+(?:\.[A-Za-z_]+)*) \}\}$/.exec(template);
  if (!match?.[1]) throw new Error(`not a plain JSON-path template: ${template}`);
  let value: unknown = state;
  for (const key of match[1].split('.')) {
    if (typeof value !== 'object' || value === null || !(key in value)) {
      throw new Error(`${template}: ${key} is not in the published state`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  throw new Error(`${template} reads a ${typeof value}, not a value`);
}

/** The state each entity would take in Home Assistant from this rendered value; fails where HA would refuse it. */
export function entityState(config: DiscoveryConfig, rendered: string): string | number | boolean | null {
  // home-assistant/core mqtt sensor.py and binary_sensor.py: the literal `None` sets "unknown".
  if (rendered === 'None') return null;
  if (config.payload_on !== undefined) {
    expect([config.payload_on, config.payload_off]).toContain(rendered);
    return rendered === config.payload_on;
  }
  if (config.device_class === 'enum') {
    expect(config.options).toContain(rendered);
    return rendered;
  }
  const number = Number(rendered);
  expect(Number.isFinite(number), `${config.unique_id} renders ${rendered}`).toBe(true);
  return number;
}
