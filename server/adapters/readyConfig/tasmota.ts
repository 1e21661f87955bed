import { bindingLines, brokerAddress, type ConfigWriter } from './types';

/**
 * Tasmota console commands (tasmota.github.io "Commands"): one Backlog that sets the broker, the
 * login and the topic, telemetry every 30 s instead of the default 300 s, three decimals of kg
 * (`WeightRes 3`: the default 0 rounds every reading to the kilogram), the reed switch reported
 * in telemetry (`SwitchMode1 15`) and at once on change (`SetOption114 1`).
 */
export const tasmotaConfig: ConfigWriter = ({ deviceId, password, mqttUrl, root, bindings }) => {
  const { host, port } = brokerAddress(mqttUrl);
  const commands = [
    `MqttHost ${host}`,
    `MqttPort ${port}`,
    `MqttUser ${deviceId}`,
    `MqttPassword ${password}`,
    `MqttClient ${deviceId}`,
    `Topic ${root}`,
    'TelePeriod 30',
    'WeightRes 3',
    'SwitchMode1 15',
    'SetOption114 1',
  ];
  const text = [
    '# Tasmota console (Tools → Console): paste this one line; the device restarts and connects.',
    `Backlog ${commands.join('; ')}`,
    '',
    '# Calibrate each load cell once, in Tasmota (grams): empty the shelf, then',
    '#   Sensor34 3 <reference weight in g>   and   Sensor34 2   and follow the console.',
    '# Then tare and mark the shelf full on the fridge page (docs/hardware.md).',
    '# Bound here:',
    ...bindingLines(bindings, '#'),
    '',
  ].join('\n');
  return { format: 'console', target: 'Tasmota console', text };
};
