import type { DeviceRegistration } from './organiser-api';

/**
 * What a new device needs, as one compact JSON text: the content of the QR code a phone or a
 * provisioning tool scans. It holds the password, so it is shown once like the password itself.
 */
export function provisioningBlob(registration: DeviceRegistration): string {
  const { mqttUrl, username, password, topics } = registration;
  return JSON.stringify({ mqttUrl, username, password, topics });
}

/** A word for a POSIX shell: single-quoted unless it is plainly safe. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface BrokerAddress {
  host: string;
  port: number;
  tls: boolean;
}

/** Host, port and TLS of `mqtt://host:1883` or `mqtts://host:8883`; null for anything else. */
export function brokerAddress(mqttUrl: string): BrokerAddress | null {
  const match = /^(mqtts?|tcp|ssl|tls):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d{1,5}))?\/?$/i.exec(mqttUrl.trim());
  if (match === null) return null;
  const [, scheme = '', rawHost = '', port] = match;
  const tls = /^(mqtts|ssl|tls)$/i.test(scheme);
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  return { host, port: port === undefined ? (tls ? 8883 : 1883) : Number(port), tls };
}

/**
 * Ready-to-run `mosquitto_pub` lines that publish as the new device (docs/protocol.md): its status
 * (retained, as firmware does), a temperature, the door, and a weight for its first shelf.
 */
export function mosquittoPubExample(registration: DeviceRegistration): string {
  const broker = brokerAddress(registration.mqttUrl) ?? { host: 'localhost', port: 1883, tls: false };
  const id = shellQuote(registration.username);
  const connect = [
    `-h ${shellQuote(broker.host)}`,
    `-p ${broker.port}`,
    ...(broker.tls ? ['--capath /etc/ssl/certs'] : []),
    `-i ${id}`,
    `-u ${id}`,
    `-P ${shellQuote(registration.password)}`,
    '-q 1',
  ].join(' ');
  const line = (topic: string, message: string, retain = false): string =>
    `mosquitto_pub ${connect}${retain ? ' -r' : ''} -t ${shellQuote(topic)} -m ${shellQuote(message)}`;
  const { topics } = registration;
  const lines = [
    line(topics.status, '{"online": true}', true),
    line(topics.temperature, '{"celsius": 4.2}'),
    line(topics.door, '{"open": false}'),
  ];
  const firstShelf = Object.values(topics.shelves)[0];
  if (firstShelf !== undefined) lines.push(line(firstShelf, '{"kg": 12.5}'));
  return lines.join('\n');
}
