import { SERVER_STATUS_TOPIC, TOPIC_ROOT } from './topics';

/**
 * Home Assistant's side of MQTT discovery, as its documentation defines it
 * (home-assistant.io `source/_integrations/mqtt.markdown`, "MQTT Discovery"):
 * configs on `<discovery_prefix>/<component>/[<node_id>/]<object_id>/config`, retained; Home
 * Assistant's birth and last will on `<discovery_prefix>/status` (`online` / `offline`).
 */
export const DEFAULT_DISCOVERY_PREFIX = 'homeassistant';

/** Home Assistant allows only `[a-zA-Z0-9_-]` in `node_id` and `object_id`; we keep the prefix to it too. */
export const DISCOVERY_ID_PATTERN = '^[A-Za-z0-9_-]+$';

/** What Home Assistant publishes as its birth message (its default, "Birth and last will messages"). */
export const HOME_ASSISTANT_ONLINE = 'online';

export type DiscoveryComponent = 'sensor' | 'binary_sensor';

export const homeAssistantTopics = {
  status: (prefix: string) => `${prefix}/status`,
  config: (prefix: string, component: DiscoveryComponent, nodeId: string, objectId: string) =>
    `${prefix}/${component}/${nodeId}/${objectId}/config`,
} as const;

/**
 * May Home Assistant's login on the embedded broker read this topic or filter? Discovery under its
 * prefix, each fridge's public `state` and `alerts`, and the server's availability; nothing a device
 * publishes (door, weights, device status stay between the devices and the server).
 */
export function homeAssistantMayRead(filter: string, prefix: string): boolean {
  if (filter === SERVER_STATUS_TOPIC) return true;
  const levels = filter.split('/');
  if (levels.some((level) => level === '')) return false;
  if (levels[0] === prefix) return levels.length > 1 && levels.slice(1, -1).every((level) => level !== '#');
  return (
    levels.length === 3 &&
    levels[0] === TOPIC_ROOT &&
    levels[1] !== '#' &&
    (levels[2] === 'state' || levels[2] === 'alerts')
  );
}

/** Home Assistant publishes only its own birth and last will. */
export function homeAssistantMayPublish(topic: string, prefix: string): boolean {
  return topic === homeAssistantTopics.status(prefix);
}
