import { describe, expect, it } from 'vitest';
import type { DeviceRegistration } from '../../../dashboard/src/organiser/organiser-api';
import {
  brokerAddress,
  mosquittoPubExample,
  provisioningBlob,
  shellQuote,
} from '../../../dashboard/src/organiser/provisioning';

const registration: DeviceRegistration = {
  deviceId: 'oak-sensor',
  username: 'oak-sensor',
  password: "pa'ss w0rd",
  mqttUrl: 'mqtt://192.168.1.20:1883',
  topics: {
    door: 'fridges/oak/door',
    temperature: 'fridges/oak/temperature',
    shelves: { s1: 'fridges/oak/shelves/s1/weight', s2: 'fridges/oak/shelves/s2/weight' },
    status: 'fridges/oak/devices/oak-sensor/status',
  },
};

describe('provisioningBlob', () => {
  it('holds exactly the broker, the credentials and the topics', () => {
    const blob = JSON.parse(provisioningBlob({ ...registration, extra: 'not sent' } as DeviceRegistration));
    expect(Object.keys(blob)).toEqual(['mqttUrl', 'username', 'password', 'topics']);
    expect(blob.password).toBe("pa'ss w0rd");
    expect(blob.topics.shelves.s2).toBe('fridges/oak/shelves/s2/weight');
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('oak-sensor')).toBe('oak-sensor');
    expect(shellQuote('fridges/oak/door')).toBe('fridges/oak/door');
    expect(shellQuote('{"kg": 12.5}')).toBe(`'{"kg": 12.5}'`);
    expect(shellQuote("pa'ss w0rd")).toBe(`'pa'\\''ss w0rd'`);
    expect(shellQuote('$HOME')).toBe(`'$HOME'`);
  });
});

describe('brokerAddress', () => {
  it('reads host, port and TLS', () => {
    expect(brokerAddress('mqtt://fridges.local:1884')).toEqual({
      host: 'fridges.local',
      port: 1884,
      tls: false,
    });
    expect(brokerAddress('mqtt://fridges.local')).toEqual({ host: 'fridges.local', port: 1883, tls: false });
    expect(brokerAddress('mqtts://fridges.example.org')).toEqual({
      host: 'fridges.example.org',
      port: 8883,
      tls: true,
    });
    expect(brokerAddress('mqtt://[::1]:1883/')).toEqual({ host: '::1', port: 1883, tls: false });
    expect(brokerAddress('wss://fridges.example.org/mqtt')).toBeNull();
  });
});

describe('mosquittoPubExample', () => {
  it('publishes as the device, with its id as client id, QoS 1, the status retained', () => {
    const lines = mosquittoPubExample(registration).split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line).toMatch(
        /^mosquitto_pub -h 192\.168\.1\.20 -p 1883 -i oak-sensor -u oak-sensor -P 'pa'\\''ss w0rd' -q 1 /,
      );
    }
    expect(lines[0]).toContain(`-r -t fridges/oak/devices/oak-sensor/status -m '{"online": true}'`);
    expect(lines[1]).toContain(`-t fridges/oak/temperature -m '{"celsius": 4.2}'`);
    expect(lines[2]).toContain(`-t fridges/oak/door -m '{"open": false}'`);
    expect(lines[3]).toContain(`-t fridges/oak/shelves/s1/weight -m '{"kg": 12.5}'`);
  });

  it('trusts the system CAs over TLS, and leaves out the shelf line without shelves', () => {
    const example = mosquittoPubExample({
      ...registration,
      mqttUrl: 'mqtts://fridges.example.org:8883',
      topics: { ...registration.topics, shelves: {} },
    });
    expect(example.split('\n')).toHaveLength(3);
    expect(example).toContain('-h fridges.example.org -p 8883 --capath /etc/ssl/certs ');
  });
});
