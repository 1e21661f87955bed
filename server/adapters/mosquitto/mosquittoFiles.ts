import {
  type DeviceKind,
  HOME_ASSISTANT_STATUS_TOPIC,
  isAdapterKind,
  publishPrefixes,
  subscribePrefixes,
} from '../../../contract/adapterTopics';
import { homeAssistantTopics } from '../../../contract/homeAssistant';
import { SERVER_STATUS_TOPIC, TOPIC_ROOT, topics } from '../../../contract/topics';

/** What the files need to know of one registered, unrevoked device. */
export interface BrokerDevice {
  id: string;
  kind: DeviceKind;
  fridgeId: string;
  topicRoot: string | null;
  /** Mosquitto's `$7$` hash of its secret; null: registered before the hash was kept. */
  mosquittoHash: string | null;
}

/** A login that is not a device: the server's own, Home Assistant's. */
export interface BrokerLogin {
  username: string;
  passwordHash: string;
}

export interface MosquittoFilesInput {
  devices: readonly BrokerDevice[];
  server: BrokerLogin | null;
  homeAssistant: (BrokerLogin & { discoveryPrefix: string }) | null;
}

export interface MosquittoFiles {
  /** `password_file`: one `user:$7$...` line per login. */
  passwordFile: string;
  /** `acl_file`: one `user` section per login, nothing for anyone else. */
  aclFile: string;
  /** Devices written into both files. */
  deviceCount: number;
  /** Devices left out because no Mosquitto hash is kept for them: they need a new secret. */
  withoutHash: string[];
  /** Devices left out because their id is the server's or Home Assistant's user name. */
  nameTaken: string[];
}

/** A user name Mosquitto's two files can both carry: no `:` (the password file's separator), no blanks. */
const usableName = (name: string) => /^[^\s:#]{1,256}$/.test(name);

/**
 * The rules of broker/acl.ts's `mayPublishTo` and `maySubscribe` as Mosquitto ACL lines, so a
 * device on Mosquitto may do what it may do on the embedded broker: a native device writes its own
 * fridge's sensor topics and its own status and reads its fridge; an adapter device (Zigbee2MQTT,
 * ESPHome, Tasmota, Shelly) writes under its own prefixes, whatever its bindings, and reads them
 * and Home Assistant's status. `a/#` also matches `a` itself (MQTT 3.1.1 §4.7.1.2).
 */
export function deviceAclLines(device: BrokerDevice): string[] {
  if (isAdapterKind(device.kind) && device.topicRoot !== null) {
    const { kind, topicRoot: root } = device;
    return [
      ...publishPrefixes(kind, root).map((prefix) => `topic write ${prefix}/#`),
      ...subscribePrefixes(kind, root).map((prefix) => `topic read ${prefix}/#`),
      `topic read ${HOME_ASSISTANT_STATUS_TOPIC}`,
    ];
  }
  const fridge = device.fridgeId;
  return [
    `topic write ${topics.door(fridge)}`,
    `topic write ${topics.temperature(fridge)}`,
    `topic write ${topics.shelfWeight(fridge, '+')}`,
    `topic write ${topics.deviceStatus(fridge, device.id)}`,
    `topic read ${topics.fridgeFilter(fridge)}`,
  ];
}

/** Home Assistant as on the embedded broker (contract/homeAssistant.ts): discovery, public state, its status. */
function homeAssistantAclLines(prefix: string): string[] {
  return [
    `topic read ${prefix}/#`,
    `topic read ${TOPIC_ROOT}/+/state`,
    `topic read ${TOPIC_ROOT}/+/alerts`,
    `topic read ${SERVER_STATUS_TOPIC}`,
    `topic write ${homeAssistantTopics.status(prefix)}`,
  ];
}

/**
 * Mosquitto's password file and ACL file from the device registry. Pure: the same registry gives
 * the same text, so a rewrite that changes nothing is visible as such.
 */
export function mosquittoFiles(input: MosquittoFilesInput): MosquittoFiles {
  const passwords: string[] = [];
  const acl: string[] = [
    '# Written by the fridge monitor from its device registry (docs/external-broker.md).',
    '# Do not edit: every device added, revoked or given a new secret rewrites this file.',
    '',
  ];
  const withoutHash: string[] = [];
  const nameTaken: string[] = [];
  const logins = new Set<string>();
  const add = (username: string, passwordHash: string, lines: string[]) => {
    if (!usableName(username))
      throw new Error(`"${username}" cannot be a Mosquitto user name (no ":", "#" or blanks)`);
    logins.add(username);
    passwords.push(`${username}:${passwordHash}`);
    acl.push(`user ${username}`, ...lines, '');
  };
  if (input.server) add(input.server.username, input.server.passwordHash, ['topic readwrite #']);
  if (input.homeAssistant)
    add(
      input.homeAssistant.username,
      input.homeAssistant.passwordHash,
      homeAssistantAclLines(input.homeAssistant.discoveryPrefix),
    );
  for (const device of input.devices) {
    if (device.mosquittoHash === null) withoutHash.push(device.id);
    else if (logins.has(device.id)) nameTaken.push(device.id);
    else add(device.id, device.mosquittoHash, deviceAclLines(device));
  }
  return {
    passwordFile: passwords.length > 0 ? `${passwords.join('\n')}\n` : '',
    aclFile: `${acl.join('\n')}\n`,
    deviceCount: input.devices.length - withoutHash.length - nameTaken.length,
    withoutHash,
    nameTaken,
  };
}
