import {
  type AdapterKind,
  HOME_ASSISTANT_STATUS_TOPIC,
  isUnder,
  publishPrefixes,
  subscribePrefixes,
} from '../contract/adapterTopics';
import { DEVICE_TOPIC_KINDS, type ParsedTopic, parseTopic, TOPIC_ROOT } from '../contract/topics';

export interface DeviceIdentity {
  deviceId: string;
  fridgeId: string;
  /**
   * An off-the-shelf device (a Zigbee2MQTT bridge, ESPHome, Tasmota, Shelly) speaks under its own
   * topic root instead of the contract's: one login, any number of sensors there, each bound to a
   * fridge by the server. Null for a native device.
   */
  adapter?: { kind: AdapterKind; root: string } | null;
}

/**
 * May this device publish to this topic? A device speaks only for its own fridge's sensors and
 * its own status; never `state` or `requests`, never another fridge or another device.
 */
export function mayPublish(device: DeviceIdentity, topic: ParsedTopic): boolean {
  if (device.adapter) return false;
  if (!DEVICE_TOPIC_KINDS.has(topic.kind)) return false;
  if (topic.fridgeId !== device.fridgeId) return false;
  if (topic.kind === 'deviceStatus' && topic.deviceId !== device.deviceId) return false;
  return true;
}

/**
 * May this device publish to this topic name? A native device by the contract's rules (above);
 * an adapter device under its own prefixes only, whatever it publishes there (its sensors, its
 * logs): what is no reading of a bound sensor the server refuses or ignores, not the ACL.
 */
export function mayPublishTo(device: DeviceIdentity, topicName: string): boolean {
  if (device.adapter) {
    const { kind, root } = device.adapter;
    return publishPrefixes(kind, root).some((prefix) => isUnder(topicName, prefix));
  }
  const parsed = parseTopic(topicName);
  return parsed !== null && mayPublish(device, parsed);
}

/** The levels of a filter below a prefix are concrete names or wildcards, never empty or `..`. */
const plainLevels = (rest: string) => rest.split('/').every((level) => level !== '' && level !== '..');

/**
 * May this device subscribe to this filter? A native device only to topics under its own fridge,
 * so a wildcard can never reach another fridge (`fridges/+/...` and `#` are refused). An adapter
 * device under its own prefixes (Tasmota also `cmnd/<topic>`), and to Home Assistant's status.
 */
export function maySubscribe(device: DeviceIdentity, filter: string): boolean {
  if (device.adapter) {
    if (filter === HOME_ASSISTANT_STATUS_TOPIC) return true;
    const { kind, root } = device.adapter;
    return subscribePrefixes(kind, root).some(
      (prefix) =>
        filter === prefix ||
        (filter.startsWith(`${prefix}/`) && plainLevels(filter.slice(prefix.length + 1))),
    );
  }
  const prefix = `${TOPIC_ROOT}/${device.fridgeId}`;
  if (filter === prefix) return true;
  if (!filter.startsWith(`${prefix}/`)) return false;
  // Empty levels or `..` are not part of the contract; refuse them rather than guess.
  return plainLevels(filter.slice(prefix.length + 1));
}
