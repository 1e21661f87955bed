import { type DeviceMessage, parseDeviceMessage } from '../contract/payloads';
import type { Registration } from './provision';

/** One message of the fixture's devices, parsed as ingest receives it, with its device. */
export interface FixtureMessage {
  message: DeviceMessage;
  deviceId: string;
}

/**
 * The fixture's sensors (door, probe, each shelf of every fridge) sending in turn, in a shuffled
 * order, as thousands of devices' messages reach the broker: each call gives the next sensor's
 * message (`sensorCount`: how many sensors take turns). `roundOf(n, sensors)` picks the payload's round for the n-th message, so a bench chooses
 * how often a sensor's value changes.
 */
export function fixtureMessages(
  registrations: readonly Registration[],
  roundOf: (n: number, sensors: number) => number,
): { next: () => FixtureMessage; sensorCount: number } {
  const encoder = new TextEncoder();
  const sensors: { deviceId: string; topic: string; payload: (round: number) => string }[] = [];
  registrations.forEach((reg, i) => {
    sensors.push({
      deviceId: reg.deviceId,
      topic: reg.topics.door,
      payload: (r) => (r % 2 ? 'open' : 'closed'),
    });
    sensors.push({
      deviceId: reg.deviceId,
      topic: reg.topics.temperature,
      payload: (r) => String(3.5 + ((i + r) % 10) / 10),
    });
    for (const topic of Object.values(reg.topics.shelves))
      sensors.push({
        deviceId: reg.deviceId,
        topic: topic as string,
        payload: (r) => JSON.stringify({ kg: 8 + ((i * 7 + r) % 40) / 10 }),
      });
  });
  for (let i = sensors.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [sensors[i], sensors[j]] = [sensors[j] as (typeof sensors)[0], sensors[i] as (typeof sensors)[0]];
  }
  let next = 0;
  const nextMessage = (): FixtureMessage => {
    const sensor = sensors[next % sensors.length] as (typeof sensors)[0];
    const parsed = parseDeviceMessage(
      sensor.topic,
      encoder.encode(sensor.payload(roundOf(next, sensors.length))),
    );
    next++;
    if (!parsed.ok) throw new Error(`${sensor.topic}: ${parsed.detail}`);
    return { message: parsed.value, deviceId: sensor.deviceId };
  };
  return { next: nextMessage, sensorCount: sensors.length };
}
