import type { DeviceEncoder, FormatContext, FormatMessage } from './formatTypes';
import { percent } from './formatTypes';

/*
 * Zigbee2MQTT 2.x (Koenkk/zigbee2mqtt; zigbee2mqtt.io docs, devices MCCGQ11LM and SNZB-02): one
 * JSON state message per device on `<base>/<friendly_name>`, QoS 0, not retained; availability
 * `<base>/<friendly_name>/availability` `{"state":"online"}` retained; the bridge's
 * `<base>/bridge/state` `{"state":"online"}` retained, with `{"state":"offline"}` as its will.
 * A Zigbee network has no load cells: a Zigbee2MQTT fridge carries the door, the temperature and
 * their batteries, and its weights are not sent. At startup the bridge sends each device's cached
 * state (`advanced.cache_state_send_on_startup`, default true), so the door read at boot is known.
 */

/** Friendly names of a fridge's sensors: `<fridge>/door` (contact sensor), `<fridge>/probe` (temperature). */
export const zigbeeNames = (fridgeId: string) => ({ door: `${fridgeId}/door`, probe: `${fridgeId}/probe` });

/** Signal strength in dBm to Zigbee link quality 0-255 (a plausible linear map, for show). */
const linkQuality = (rssi: number) => Math.max(0, Math.min(255, Math.round((rssi + 100) * 4)));
/** A CR2032 cell between 2.7 V (empty) and 3.1 V (full), in mV. */
const voltage = (battery: number) => Math.round(2700 + 400 * battery);

export function zigbee2mqttEncoder(context: FormatContext): DeviceEncoder {
  const base = context.topic;
  const names = zigbeeNames(context.fridgeId);
  const { battery, rssi } = context.health;
  const common = { linkquality: linkQuality(rssi), battery: percent(battery), voltage: voltage(battery) };
  const state = (name: string, body: object): FormatMessage => ({
    topic: `${base}/${name}`,
    payload: JSON.stringify(body),
    retain: false,
    qos: 0,
  });
  const bridge = (value: 'online' | 'offline'): FormatMessage => ({
    topic: `${base}/bridge/state`,
    payload: JSON.stringify({ state: value }),
    retain: true,
    qos: 1,
  });
  // The last state of each device, as Zigbee2MQTT's state cache keeps it.
  const cached = new Map<string, FormatMessage>();
  const remember = (message: FormatMessage): FormatMessage[] => {
    cached.set(message.topic, message);
    return [message];
  };
  return {
    will: () => bridge('offline'),
    offline: () => bridge('offline'),
    online: () => [
      bridge('online'),
      ...[names.door, names.probe].map((name) => ({
        topic: `${base}/${name}/availability`,
        payload: JSON.stringify({ state: 'online' }),
        retain: true,
        qos: 1 as const,
      })),
      ...cached.values(),
    ],
    reading: ({ value }) => {
      switch (value.kind) {
        // `contact`: true means closed (the magnet is at the switch).
        case 'door':
          return remember(state(names.door, { contact: !value.open, ...common }));
        case 'temperature':
          return remember(
            state(names.probe, { temperature: Math.round(value.celsius * 100) / 100, ...common }),
          );
        case 'weight':
          return [];
      }
    },
  };
}
