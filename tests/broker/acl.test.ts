import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeviceIdentity, mayPublish, mayPublishTo, maySubscribe } from '../../broker/acl';
import { type ParsedTopic, parseTopic, topics } from '../../contract/topics';

const device: DeviceIdentity = { deviceId: 'scale-1', fridgeId: 'elm-st' };

function topic(name: string): ParsedTopic {
  const parsed = parseTopic(name);
  if (!parsed) throw new Error(`${name} is not a contract topic`);
  return parsed;
}

describe('mayPublish', () => {
  it('lets a device publish its own fridge’s sensors and its own status', () => {
    for (const name of [
      topics.door('elm-st'),
      topics.temperature('elm-st'),
      topics.shelfWeight('elm-st', 's1'),
      topics.shelfWeight('elm-st', 'bottom'),
      topics.deviceStatus('elm-st', 'scale-1'),
    ]) {
      expect(mayPublish(device, topic(name)), name).toBe(true);
    }
  });

  it('refuses another fridge’s topics, another device’s status, and the server’s topics', () => {
    for (const name of [
      topics.door('oak-st'),
      topics.shelfWeight('oak-st', 's1'),
      topics.deviceStatus('oak-st', 'scale-1'),
      topics.deviceStatus('elm-st', 'door-1'),
      topics.state('elm-st'),
      topics.requests('elm-st'),
    ]) {
      expect(mayPublish(device, topic(name)), name).toBe(false);
    }
  });
});

describe('maySubscribe', () => {
  it('allows filters under the device’s own fridge', () => {
    for (const filter of [
      'fridges/elm-st',
      'fridges/elm-st/#',
      'fridges/elm-st/state',
      'fridges/elm-st/requests',
      'fridges/elm-st/shelves/+/weight',
      'fridges/elm-st/+',
    ]) {
      expect(maySubscribe(device, filter), filter).toBe(true);
    }
  });

  it('refuses wildcards that reach other fridges, look-alike prefixes, empty levels and `..`', () => {
    for (const filter of [
      '#',
      '+/#',
      'fridges/#',
      'fridges/+',
      'fridges/+/state',
      'fridges/+/door',
      'fridges/oak-st/#',
      'fridges/elm-st-2/#',
      'fridges/elm-stx',
      'fridges/elm',
      'fridges/elm-st/',
      'fridges/elm-st//door',
      'fridges/elm-st/../oak-st/#',
      'fridges/elm-st/..',
      '/fridges/elm-st/#',
      '$SYS/#',
      '$share/group/fridges/elm-st/#',
      '',
    ]) {
      expect(maySubscribe(device, filter), JSON.stringify(filter)).toBe(false);
    }
  });

  it('never allows a filter whose fridge level is not the device’s own (property)', () => {
    const level = fc.oneof(
      fc.constantFrom('fridges', 'elm-st', 'oak-st', '+', '#', '..', '', 'state', 'door', 'elm-st-2'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(level, { maxLength: 6 }), (levels) => {
        const filter = levels.join('/');
        if (maySubscribe(device, filter)) {
          const [root, fridge, ...rest] = filter.split('/');
          expect(root).toBe('fridges');
          expect(fridge).toBe('elm-st');
          expect(rest).not.toContain('');
          expect(rest).not.toContain('..');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('an adapter device (one login, many sensors under its own prefix)', () => {
  const bridge: DeviceIdentity = {
    deviceId: 'z2m-bridge',
    fridgeId: 'elm-st',
    adapter: { kind: 'zigbee2mqtt', root: 'zigbee2mqtt' },
  };
  const tasmota: DeviceIdentity = {
    deviceId: 'oak-t',
    fridgeId: 'oak-st',
    adapter: { kind: 'tasmota', root: 'oakfridge' },
  };

  it('may publish anywhere under its prefix and nowhere else, the contract’s topics included', () => {
    for (const name of ['zigbee2mqtt/elm/door', 'zigbee2mqtt/bridge/state', 'zigbee2mqtt/a/b/c/availability'])
      expect(mayPublishTo(bridge, name), name).toBe(true);
    for (const name of [
      'zigbee2mqtt2/x',
      'zigbee',
      'fridges/elm-st/door',
      'tele/oakfridge/SENSOR',
      'homeassistant/status',
    ])
      expect(mayPublishTo(bridge, name), name).toBe(false);
    expect(mayPublishTo(tasmota, 'tele/oakfridge/SENSOR')).toBe(true);
    expect(mayPublishTo(tasmota, 'stat/oakfridge/RESULT')).toBe(true);
    expect(mayPublishTo(tasmota, 'cmnd/oakfridge/Power')).toBe(false);
    expect(mayPublishTo(tasmota, 'tele/oakfridge2/SENSOR')).toBe(false);
    expect(mayPublish(bridge, topic('fridges/elm-st/door'))).toBe(false);
  });

  it('may subscribe under its prefixes (Tasmota commands too) and to Home Assistant’s status only', () => {
    for (const filter of ['zigbee2mqtt/#', 'zigbee2mqtt/+/set', 'homeassistant/status'])
      expect(maySubscribe(bridge, filter), filter).toBe(true);
    for (const filter of [
      '#',
      'zigbee2mqtt2/#',
      'zigbee2mqtt//x',
      'zigbee2mqtt/../fridges/#',
      'fridges/elm-st/#',
      'homeassistant/#',
    ])
      expect(maySubscribe(bridge, filter), filter).toBe(false);
    expect(maySubscribe(tasmota, 'cmnd/oakfridge/#')).toBe(true);
    expect(maySubscribe(tasmota, 'cmnd/+/#')).toBe(false);
  });

  it('never allows a topic outside its prefix (property)', () => {
    const level = fc.oneof(
      fc.constantFrom('zigbee2mqtt', 'fridges', 'elm-st', '+', '#', '', '..'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 5 }), (levels) => {
        const name = levels.join('/');
        if (mayPublishTo(bridge, name))
          expect(name === 'zigbee2mqtt' || name.startsWith('zigbee2mqtt/')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
