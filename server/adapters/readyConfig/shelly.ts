import { bindingLines, brokerAddress, type ConfigWriter } from './types';

/** Shelly's web page (Settings → MQTT): Shelly has no config file to paste, so the fields to fill in. */
export const shellyConfig: ConfigWriter = ({ deviceId, password, mqttUrl, root, bindings }) => {
  const { host, port, tls } = brokerAddress(mqttUrl);
  const text = [
    'Shelly web page → Settings → MQTT (Gen1: Internet & Security → Advanced → MQTT):',
    '  Enable MQTT: on',
    `  Server: ${host}:${port}${tls ? '   (SSL/TLS: on)' : ''}`,
    `  Client ID: ${deviceId}`,
    `  Username: ${deviceId}`,
    `  Password: ${password}`,
    `  MQTT prefix: ${root}${root.startsWith('shellies/') ? '   (Gen1 sets this itself: shellies/<model>-<id>)' : ''}`,
    '  RPC status notifications over MQTT: on (Gen2+)',
    'Bound here:',
    ...bindingLines(bindings, ''),
    '',
  ].join('\n');
  return { format: 'text', target: 'Shelly web page', text };
};
