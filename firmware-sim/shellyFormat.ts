import type { DeviceEncoder, FormatContext, FormatMessage } from './formatTypes';
import { percent } from './formatTypes';

/*
 * Shelly Gen2+ (Plus/Pro/Gen3 MQTT): `<prefix>/events/rpc` carries `NotifyStatus` (a changed
 * component) and `NotifyFullStatus` (at connect), `params.ts` in UTC seconds; `<prefix>/online`
 * `true`/`false`, retained, `false` as the will. QoS 1. A Shelly fridge carries the temperature
 * (`temperature:0`, a DS18B20 on a Plus Add-on: `tC`, `tF`), the door (`input:0`, a reed switch on
 * a digital input: `state` true while the circuit is closed, i.e. the door shut) and the battery
 * (`devicepower:0`); no load cells, so its weights are not sent.
 */

export const SHELLY_COMPONENTS = {
  temperature: 'temperature:0',
  door: 'input:0',
  battery: 'devicepower:0',
} as const;

const round1 = (x: number) => Math.round(x * 10) / 10;
const seconds = (atMs: number) => Math.round(atMs / 10) / 100;

export function shellyEncoder(context: FormatContext): DeviceEncoder {
  const prefix = context.topic;
  const { battery } = context.health;
  const online = (value: boolean): FormatMessage => ({
    topic: `${prefix}/online`,
    payload: String(value),
    retain: true,
    qos: 1,
  });
  const rpc = (
    method: 'NotifyStatus' | 'NotifyFullStatus',
    atMs: number,
    components: object,
  ): FormatMessage => ({
    topic: `${prefix}/events/rpc`,
    payload: JSON.stringify({
      src: prefix,
      dst: `${prefix}/events`,
      method,
      params: { ts: seconds(atMs), ...components },
    }),
    retain: false,
    qos: 1,
  });
  const power = {
    [SHELLY_COMPONENTS.battery]: {
      id: 0,
      battery: { V: Math.round((3.3 + 0.9 * battery) * 100) / 100, percent: percent(battery) },
      external: { present: false },
    },
  };
  /** The latest status of each component, for the full status sent on every connect. */
  const latest: Record<string, object> = {};
  const notify = (atMs: number, component: string, status: object) => {
    latest[component] = status;
    return [rpc('NotifyStatus', atMs, { [component]: status })];
  };
  return {
    will: () => online(false),
    offline: () => online(false),
    online: (atMs) => [online(true), rpc('NotifyFullStatus', atMs, { ...latest, ...power })],
    reading: ({ atMs, value }) => {
      switch (value.kind) {
        case 'door':
          return notify(atMs, SHELLY_COMPONENTS.door, { id: 0, state: !value.open });
        case 'temperature':
          return notify(atMs, SHELLY_COMPONENTS.temperature, {
            id: 0,
            tC: round1(value.celsius),
            tF: round1((value.celsius * 9) / 5 + 32),
          });
        case 'weight':
          return [];
      }
    },
  };
}
