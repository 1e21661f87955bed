import { bindingLines, brokerAddress, type ConfigWriter } from './types';

/**
 * The `mqtt:` block of Zigbee2MQTT's `configuration.yaml` (zigbee2mqtt.io "Configuration → MQTT"),
 * plus availability, which Zigbee2MQTT leaves off by default: with it each sensor's online state
 * reaches the fridge's page. The client id must be the device id: the broker holds sessions by it.
 */
export const zigbee2mqttConfig: ConfigWriter = ({ deviceId, password, mqttUrl, root, bindings }) => {
  const { host, port, tls } = brokerAddress(mqttUrl);
  const text = [
    '# Zigbee2MQTT configuration.yaml: replace its mqtt: block with this one.',
    'mqtt:',
    `  base_topic: ${root}`,
    `  server: ${tls ? 'mqtts' : 'mqtt'}://${host}:${port}`,
    `  user: ${deviceId}`,
    `  password: '${password}'`,
    `  client_id: ${deviceId}`,
    '  version: 4',
    '# Lets the fridge page show a sensor that stopped reporting.',
    'availability:',
    '  enabled: true',
    '# Give each sensor the friendly name it is bound to (Zigbee2MQTT frontend → device → Rename):',
    ...bindingLines(bindings, '#'),
    '',
  ].join('\n');
  return { format: 'yaml', target: 'Zigbee2MQTT configuration.yaml', text };
};
