import type { DeviceEncoder, FormatContext, FormatMessage } from './formatTypes';

/*
 * Tasmota (tasmota docs; xsns_05_ds18x20.ino, xsns_34_hx711.ino, xdrv_02_mqtt.ino): every
 * TelePeriod one `tele/<topic>/SENSOR` JSON with all sensors, `Time` in local time without an
 * offset, QoS 0, not retained; a switch in `SwitchMode 15` is also sent at once on change as
 * `{"Time":…,"Switch1":"ON"}`; `tele/<topic>/LWT` `Online`/`Offline`, retained. The ready
 * configuration sets `TelePeriod 30`, `WeightRes 3` and `SwitchMode1 15`; ON means open (as wired).
 * Tasmota drives one HX711: a Tasmota fridge carries the door, the temperature and its first shelf.
 */

export interface TasmotaOptions {
  /** TelePeriod in ms of simulated time; default 30 s (the ready configuration's `TelePeriod 30`). */
  telePeriodMs?: number;
}

/** A 12-hex-digit DS18B20 id, fixed per device (the sensor's ROM code without family and CRC). */
export function ds18b20Id(deviceId: string): string {
  let hash = 0xcbf29ce4;
  for (const char of deviceId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return `0000${hash.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** `YYYY-MM-DDTHH:MM:SS` in the device's local time, without an offset, as Tasmota writes `Time`. */
export function tasmotaTime(atMs: number, utcOffsetMinutes: number): string {
  return new Date(atMs + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
}

/** HX711 ADC counts per gram and for the empty cell: a made-up calibration, for a plausible `AbsRaw`. */
const COUNTS_PER_GRAM = 21.5;
const EMPTY_CELL_COUNTS = 84_000;

export function tasmotaEncoder(context: FormatContext, options: TasmotaOptions = {}): DeviceEncoder {
  const telePeriodMs = options.telePeriodMs ?? 30_000;
  const root = context.topic;
  const shelfId = context.shelfIds[0];
  const probeId = ds18b20Id(context.deviceId);
  let door: boolean | null = null;
  let celsius: number | null = null;
  let kg: number | null = null;
  let nextTeleAtMs: number | null = null;

  const sensor = (atMs: number, body: object): FormatMessage => ({
    topic: `tele/${root}/SENSOR`,
    payload: JSON.stringify({ Time: tasmotaTime(atMs, context.utcOffsetMinutes), ...body }),
    retain: false,
    qos: 0,
  });
  const lwt = (text: 'Online' | 'Offline'): FormatMessage => ({
    topic: `tele/${root}/LWT`,
    payload: text,
    retain: true,
    qos: 1,
  });
  const switch1 = (open: boolean) => ({ Switch1: open ? 'ON' : 'OFF' });
  const tele = (atMs: number): FormatMessage => {
    const grams = kg === null ? 0 : Math.max(0, Math.round(kg * 1000));
    return sensor(atMs, {
      ...(door === null ? {} : switch1(door)),
      ...(celsius === null ? {} : { DS18B20: { Id: probeId, Temperature: Math.round(celsius * 10) / 10 } }),
      ...(kg === null
        ? {}
        : {
            HX711: {
              Weight: grams / 1000,
              WeightRaw: grams,
              AbsRaw: Math.round(EMPTY_CELL_COUNTS + grams * COUNTS_PER_GRAM),
            },
          }),
      TempUnit: 'C',
    });
  };

  return {
    will: () => lwt('Offline'),
    offline: () => lwt('Offline'),
    online: () => [lwt('Online')],
    reading: ({ atMs, value }) => {
      const messages: FormatMessage[] = [];
      if (nextTeleAtMs === null) nextTeleAtMs = atMs + telePeriodMs;
      if (atMs >= nextTeleAtMs) {
        // One report per period; a device that measured nothing for a while reports once.
        const dueMs = nextTeleAtMs + Math.floor((atMs - nextTeleAtMs) / telePeriodMs) * telePeriodMs;
        messages.push(tele(dueMs));
        nextTeleAtMs = dueMs + telePeriodMs;
      }
      switch (value.kind) {
        case 'door':
          if (door !== value.open) messages.push(sensor(atMs, switch1(value.open)));
          door = value.open;
          break;
        case 'temperature':
          celsius = value.celsius;
          break;
        case 'weight':
          if (value.shelfId === shelfId) kg = value.kg;
          break;
      }
      return messages;
    },
  };
}
