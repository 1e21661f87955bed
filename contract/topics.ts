import { isSlug } from './ids';

/**
 * Every MQTT topic of the wire contract (v1). Devices publish the sensor topics and their own
 * status; only the server publishes `state`, `requests` and `alerts`. See docs/protocol.md.
 */
export type ParsedTopic =
  | { kind: 'door'; fridgeId: string }
  | { kind: 'temperature'; fridgeId: string }
  | { kind: 'weight'; fridgeId: string; shelfId: string }
  | { kind: 'deviceStatus'; fridgeId: string; deviceId: string }
  | { kind: 'state'; fridgeId: string }
  | { kind: 'requests'; fridgeId: string }
  | { kind: 'alerts'; fridgeId: string };

export type TopicKind = ParsedTopic['kind'];

/** Topic kinds a device may publish; the rest are the server's. */
export const DEVICE_TOPIC_KINDS: ReadonlySet<TopicKind> = new Set([
  'door',
  'temperature',
  'weight',
  'deviceStatus',
]);

export const TOPIC_ROOT = 'fridges';

/**
 * The server's own availability: `online` (retained) once it is connected, `offline` when it stops,
 * and the same `offline` as its last will (MQTT 3.1.1 §3.1.2.5) when its connection drops.
 * Outside `fridges/` so no fridge id can collide with it.
 */
export const SERVER_STATUS_TOPIC = 'fridge-monitor/status';
export const SERVER_STATUS = { online: 'online', offline: 'offline' } as const;

export const topics = {
  door: (fridgeId: string) => `${TOPIC_ROOT}/${fridgeId}/door`,
  temperature: (fridgeId: string) => `${TOPIC_ROOT}/${fridgeId}/temperature`,
  shelfWeight: (fridgeId: string, shelfId: string) => `${TOPIC_ROOT}/${fridgeId}/shelves/${shelfId}/weight`,
  deviceStatus: (fridgeId: string, deviceId: string) =>
    `${TOPIC_ROOT}/${fridgeId}/devices/${deviceId}/status`,
  state: (fridgeId: string) => `${TOPIC_ROOT}/${fridgeId}/state`,
  requests: (fridgeId: string) => `${TOPIC_ROOT}/${fridgeId}/requests`,
  /** Retained: the fridge's alerts not yet resolved (an empty list when none). */
  alerts: (fridgeId: string) => `${TOPIC_ROOT}/${fridgeId}/alerts`,
  /** Filters the server subscribes to on an external broker (one per sensor topic shape). */
  deviceFilters: [
    `${TOPIC_ROOT}/+/door`,
    `${TOPIC_ROOT}/+/temperature`,
    `${TOPIC_ROOT}/+/shelves/+/weight`,
    `${TOPIC_ROOT}/+/devices/+/status`,
  ],
  /** Everything under one fridge: what a device may subscribe to. */
  fridgeFilter: (fridgeId: string) => `${TOPIC_ROOT}/${fridgeId}/#`,
} as const;

/** Parses a concrete (wildcard-free) topic name; `null` when it is not part of the contract. */
export function parseTopic(topic: string): ParsedTopic | null {
  const levels = topic.split('/');
  if (levels[0] !== TOPIC_ROOT) return null;
  const fridgeId = levels[1];
  if (!isSlug(fridgeId)) return null;
  if (levels.length === 3) {
    switch (levels[2]) {
      case 'door':
        return { kind: 'door', fridgeId };
      case 'temperature':
        return { kind: 'temperature', fridgeId };
      case 'state':
        return { kind: 'state', fridgeId };
      case 'requests':
        return { kind: 'requests', fridgeId };
      case 'alerts':
        return { kind: 'alerts', fridgeId };
      default:
        return null;
    }
  }
  if (levels.length === 5) {
    const id = levels[3];
    if (!isSlug(id)) return null;
    if (levels[2] === 'shelves' && levels[4] === 'weight') return { kind: 'weight', fridgeId, shelfId: id };
    if (levels[2] === 'devices' && levels[4] === 'status')
      return { kind: 'deviceStatus', fridgeId, deviceId: id };
  }
  return null;
}
