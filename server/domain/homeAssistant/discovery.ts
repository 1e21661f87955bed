import { STOCK_LEVELS, TEMPERATURE_STATUSES } from '../../../contract/api';
import { type DiscoveryComponent, homeAssistantTopics } from '../../../contract/homeAssistant';
import { SERVER_STATUS, SERVER_STATUS_TOPIC, topics } from '../../../contract/topics';

/**
 * Home Assistant MQTT discovery for one fridge: which entities, and the config document of each.
 *
 * Schema: home-assistant.io `source/_integrations/mqtt.markdown` ("MQTT Discovery": topic
 * `<prefix>/<component>/<node_id>/<object_id>/config`, retained; an empty payload deletes),
 * `sensor.mqtt.markdown` and `binary_sensor.mqtt.markdown` (state_topic, value_template,
 * device_class, unit_of_measurement, state_class, availability, device, unique_id, origin).
 *
 * Every entity reads the retained `fridges/{id}/state` document the server already publishes
 * (`FridgeStatus`), one `value_template` per field, so no second copy of the state goes on the wire.
 * Templates stay one JSON path each (`{{ value_json.stock.percent }}`): Home Assistant renders a JSON
 * `null` as `None`, which its MQTT sensor and binary sensor both take as "unknown"
 * (home-assistant/core `mqtt/sensor.py` and `mqtt/binary_sensor.py`, `PAYLOAD_NONE`), and a JSON
 * boolean as `True`/`False`, hence `payload_on: "True"` (Zigbee2MQTT's discovery does the same for
 * `contact`).
 */
export interface DiscoveryEntity {
  component: DiscoveryComponent;
  /** Home Assistant's `object_id` level of the topic, and the tail of `unique_id`. */
  objectId: string;
  /** Keys of the entity's config besides the ones every entity shares. */
  fields: Record<string, unknown>;
}

/** The JSON path inside `fridges/{id}/state` each template reads; tests check the path exists. */
export const ENTITY_FIELDS: readonly DiscoveryEntity[] = [
  {
    component: 'sensor',
    objectId: 'stock_percent',
    fields: {
      name: 'Stock',
      value_template: '{{ value_json.stock.percent }}',
      unit_of_measurement: '%',
      state_class: 'measurement',
      icon: 'mdi:fridge-outline',
      suggested_display_precision: 0,
    },
  },
  {
    component: 'sensor',
    objectId: 'stock_level',
    fields: {
      name: 'Stock level',
      value_template: '{{ value_json.stock.level }}',
      // An enum sensor lists every state it may take and has no unit or state class (sensor.mqtt).
      device_class: 'enum',
      options: [...STOCK_LEVELS],
      icon: 'mdi:food-apple-outline',
    },
  },
  {
    component: 'sensor',
    objectId: 'stock_kg',
    fields: {
      name: 'Food',
      value_template: '{{ value_json.stock.kg }}',
      device_class: 'weight',
      unit_of_measurement: 'kg',
      state_class: 'measurement',
      suggested_display_precision: 1,
    },
  },
  {
    component: 'sensor',
    objectId: 'temperature',
    fields: {
      name: 'Temperature',
      value_template: '{{ value_json.temperature.celsius }}',
      device_class: 'temperature',
      unit_of_measurement: '°C',
      state_class: 'measurement',
      suggested_display_precision: 1,
    },
  },
  {
    component: 'sensor',
    objectId: 'temperature_status',
    fields: {
      name: 'Food safety',
      value_template: '{{ value_json.temperature.status }}',
      device_class: 'enum',
      options: [...TEMPERATURE_STATUSES],
      icon: 'mdi:thermometer-alert',
    },
  },
  {
    component: 'binary_sensor',
    objectId: 'door',
    fields: {
      name: 'Door',
      value_template: '{{ value_json.door.open }}',
      device_class: 'door',
      payload_on: 'True',
      payload_off: 'False',
    },
  },
  {
    component: 'binary_sensor',
    objectId: 'online',
    fields: {
      name: 'Sensors online',
      value_template: '{{ value_json.online }}',
      device_class: 'connectivity',
      entity_category: 'diagnostic',
      payload_on: 'True',
      payload_off: 'False',
    },
  },
];

export interface DiscoveryOptions {
  /** Home Assistant's discovery prefix (its default `homeassistant`). */
  prefix: string;
  /** This software, for the `origin` block and the device's `sw_version`. */
  software: { name: string; version: string };
  /** The site's public address (`PUBLIC_URL`): each fridge's page becomes the device's link; null leaves it out. */
  siteUrl: string | null;
}

export interface DiscoveryMessage {
  topic: string;
  /** The config document; serialise with JSON.stringify. */
  config: Record<string, unknown>;
}

/** Home Assistant's `node_id` for a fridge: the slug with `-` kept (allowed) under our own name. */
export function discoveryNodeId(fridgeId: string): string {
  return `fridge_monitor_${fridgeId}`;
}

/** The config topics of one fridge, which is all a removal needs. */
export function discoveryTopics(fridgeId: string, prefix: string): string[] {
  return ENTITY_FIELDS.map((entity) =>
    homeAssistantTopics.config(prefix, entity.component, discoveryNodeId(fridgeId), entity.objectId),
  );
}

/** The retained discovery configs that make one fridge a device with seven entities in Home Assistant. */
export function discoveryMessages(
  fridge: { id: string; name: string; kind: 'fridge' | 'pantry' },
  options: DiscoveryOptions,
): DiscoveryMessage[] {
  const nodeId = discoveryNodeId(fridge.id);
  const { software } = options;
  const device: Record<string, unknown> = {
    identifiers: [nodeId],
    name: fridge.name,
    manufacturer: 'Community fridge monitor',
    model: fridge.kind === 'pantry' ? 'Community pantry' : 'Community fridge',
    sw_version: software.version,
    ...(options.siteUrl === null ? {} : { configuration_url: `${options.siteUrl}/fridges/${fridge.id}` }),
  };
  const origin = { name: software.name, sw_version: software.version };
  // A pantry gets the temperature entities too (unknown until a probe reports): the same seven topics
  // for every fridge keep a removal, or a change of kind, from leaving one behind.
  return ENTITY_FIELDS.map((entity) => ({
    topic: homeAssistantTopics.config(options.prefix, entity.component, nodeId, entity.objectId),
    config: {
      ...entity.fields,
      unique_id: `${nodeId}_${entity.objectId}`,
      // Entity ids come out as sensor.<device name>_<entity name> with has_entity_name.
      has_entity_name: true,
      state_topic: topics.state(fridge.id),
      availability: [
        {
          topic: SERVER_STATUS_TOPIC,
          payload_available: SERVER_STATUS.online,
          payload_not_available: SERVER_STATUS.offline,
        },
      ],
      device,
      origin,
      qos: 1,
    },
  }));
}
