import { describe, expect, it } from 'vitest';
import { parseDeviceMessage } from '../../contract';
import {
  carriesTimestamps,
  encodeOfflineStatus,
  encodeOnlineStatus,
  encodeSensorValue,
  lastWill,
  type WireMessage,
} from '../../firmware-sim/wire';

const parse = (message: WireMessage) =>
  parseDeviceMessage(message.topic, new TextEncoder().encode(message.payload));

describe('wire encoding', () => {
  it('stamps ts only at speed 1; faster simulated time would look like clock skew', () => {
    expect(carriesTimestamps(1)).toBe(true);
    expect(carriesTimestamps(60)).toBe(false);
    expect(carriesTimestamps(0.5)).toBe(false);
    const door = { kind: 'door', open: true } as const;
    expect(JSON.parse(encodeSensorValue('f1', door, { seq: 7 }).payload)).toEqual({ open: true, seq: 7 });
    expect(JSON.parse(encodeSensorValue('f1', door, { seq: 7, ts: 1_000 }).payload)).toEqual({
      open: true,
      seq: 7,
      ts: 1_000,
    });
  });

  it('uses the contract topics and payload shapes', () => {
    const weight = encodeSensorValue('f1', { kind: 'weight', shelfId: 's2', kg: 12.3 }, { seq: 1 });
    expect(weight).toEqual({
      topic: 'fridges/f1/shelves/s2/weight',
      payload: '{"kg":12.3,"seq":1}',
      retain: false,
    });
    const temperature = encodeSensorValue('f1', { kind: 'temperature', celsius: 4.25 }, { seq: 2, ts: 5 });
    expect(temperature.topic).toBe('fridges/f1/temperature');
    for (const message of [weight, temperature]) expect(parse(message).ok).toBe(true);
  });

  it('retains device status, and the will says offline without a seq', () => {
    const online = encodeOnlineStatus('f1', 'd1', { battery: 0.8, rssi: -70 }, { seq: 3 });
    expect(online.retain).toBe(true);
    expect(JSON.parse(online.payload)).toEqual({
      online: true,
      battery: 0.8,
      rssi: -70,
      firmware: 'sim-1.0.0',
      seq: 3,
    });
    expect(lastWill('f1', 'd1')).toEqual({
      topic: 'fridges/f1/devices/d1/status',
      payload: '{"online":false}',
      retain: true,
    });
    for (const message of [online, lastWill('f1', 'd1'), encodeOfflineStatus('f1', 'd1', { seq: 4 })])
      expect(parse(message).ok).toBe(true);
  });
});
