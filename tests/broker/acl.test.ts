import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeviceIdentity, mayPublish, maySubscribe } from '../../broker/acl';
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
