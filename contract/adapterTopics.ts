/**
 * Where off-the-shelf sensors publish (issue 15; sources in docs/protocol.md "Adapters"). A device
 * of an adapter kind is registered with its own topic root (the Zigbee2MQTT base topic, the ESPHome
 * `topic_prefix`, the Tasmota `Topic`, the Shelly prefix); the broker lets it publish under that
 * root only, and the server's subscriber on an external broker listens there.
 */

export const ADAPTER_KINDS = ['zigbee2mqtt', 'esphome', 'tasmota', 'shelly'] as const;
export type AdapterKind = (typeof ADAPTER_KINDS)[number];
export const DEVICE_KINDS = ['native', ...ADAPTER_KINDS] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const isAdapterKind = (kind: string): kind is AdapterKind =>
  (ADAPTER_KINDS as readonly string[]).includes(kind);

/**
 * A topic root: MQTT levels of letters, digits, `_` and `-` (and `/` between levels). No
 * wildcards, no `$`, no empty level, so a root never reaches into another device's topics.
 */
export const TOPIC_ROOT_PATTERN = '^[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,3}$';
const topicRootRegex = new RegExp(TOPIC_ROOT_PATTERN);
export const isTopicRoot = (value: string): boolean => topicRootRegex.test(value);

/** Where the device publishes: Tasmota splits telemetry (`tele/`) and answers (`stat/`) by prefix. */
export function publishPrefixes(kind: AdapterKind, root: string): string[] {
  return kind === 'tasmota' ? [`tele/${root}`, `stat/${root}`] : [root];
}

/**
 * What the device may subscribe to besides its own prefixes: Tasmota takes commands on
 * `cmnd/<topic>/#`; Zigbee2MQTT and ESPHome listen for Home Assistant's `homeassistant/status`.
 */
export function subscribePrefixes(kind: AdapterKind, root: string): string[] {
  return kind === 'tasmota' ? [...publishPrefixes(kind, root), `cmnd/${root}`] : publishPrefixes(kind, root);
}

export const HOME_ASSISTANT_STATUS_TOPIC = 'homeassistant/status';

/** Is `topic` the prefix itself or below it (level-wise: `ab` is not under `a`)? */
export function isUnder(topic: string, prefix: string): boolean {
  return topic === prefix || topic.startsWith(`${prefix}/`);
}

/** Do two devices' roots overlap, so that one could publish as the other? */
export function rootsOverlap(a: { kind: AdapterKind; root: string }, b: { kind: AdapterKind; root: string }) {
  const prefixesA = subscribePrefixes(a.kind, a.root);
  const prefixesB = subscribePrefixes(b.kind, b.root);
  return prefixesA.some((pa) => prefixesB.some((pb) => isUnder(pa, pb) || isUnder(pb, pa)));
}

/** Filters the server subscribes to on an external broker for one adapter device. */
export function adapterFilters(kind: AdapterKind, root: string): string[] {
  return publishPrefixes(kind, root).map((prefix) => `${prefix}/#`);
}

/**
 * The device's own availability topic, which its will (LWT) is published on when it drops off:
 * ESPHome `<prefix>/status`, Tasmota `tele/<topic>/LWT`, Shelly `<prefix>/online`, Zigbee2MQTT
 * `<base>/bridge/state`. A will the broker publishes for a gone client is trusted only there.
 */
export function availabilityTopic(kind: AdapterKind, root: string): string {
  switch (kind) {
    case 'esphome':
      return `${root}/status`;
    case 'tasmota':
      return `tele/${root}/LWT`;
    case 'shelly':
      return `${root}/online`;
    case 'zigbee2mqtt':
      return `${root}/bridge/state`;
  }
}
