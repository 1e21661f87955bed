import { DEVICE_TOPIC_KINDS, type ParsedTopic, TOPIC_ROOT } from '../contract/topics';

export interface DeviceIdentity {
  deviceId: string;
  fridgeId: string;
}

/**
 * May this device publish to this topic? A device speaks only for its own fridge's sensors and
 * its own status; never `state` or `requests`, never another fridge or another device.
 */
export function mayPublish(device: DeviceIdentity, topic: ParsedTopic): boolean {
  if (!DEVICE_TOPIC_KINDS.has(topic.kind)) return false;
  if (topic.fridgeId !== device.fridgeId) return false;
  if (topic.kind === 'deviceStatus' && topic.deviceId !== device.deviceId) return false;
  return true;
}

/**
 * May this device subscribe to this filter? Only to topics under its own fridge, so a wildcard
 * can never reach another fridge (`fridges/+/...` and `#` are refused).
 */
export function maySubscribe(device: DeviceIdentity, filter: string): boolean {
  const prefix = `${TOPIC_ROOT}/${device.fridgeId}`;
  if (filter === prefix) return true;
  if (!filter.startsWith(`${prefix}/`)) return false;
  const rest = filter.slice(prefix.length + 1).split('/');
  // Empty levels or `..` are not part of the contract; refuse them rather than guess.
  return rest.every((level) => level !== '' && level !== '..');
}
