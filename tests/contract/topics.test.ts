import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTopic, topics } from '../../contract/topics';

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/);

describe('topic builders', () => {
  it('spell the topics documented in docs/protocol.md', () => {
    expect(topics.door('elm-st')).toBe('fridges/elm-st/door');
    expect(topics.temperature('elm-st')).toBe('fridges/elm-st/temperature');
    expect(topics.shelfWeight('elm-st', 's1')).toBe('fridges/elm-st/shelves/s1/weight');
    expect(topics.deviceStatus('elm-st', 'scale-1')).toBe('fridges/elm-st/devices/scale-1/status');
    expect(topics.state('elm-st')).toBe('fridges/elm-st/state');
    expect(topics.requests('elm-st')).toBe('fridges/elm-st/requests');
    expect(topics.fridgeFilter('elm-st')).toBe('fridges/elm-st/#');
    expect(topics.deviceFilters).toEqual([
      'fridges/+/door',
      'fridges/+/temperature',
      'fridges/+/shelves/+/weight',
      'fridges/+/devices/+/status',
    ]);
  });

  it('build names that parse back to the same ids (property)', () => {
    fc.assert(
      fc.property(slug, slug, (fridgeId, id) => {
        expect(parseTopic(topics.door(fridgeId))).toEqual({ kind: 'door', fridgeId });
        expect(parseTopic(topics.temperature(fridgeId))).toEqual({ kind: 'temperature', fridgeId });
        expect(parseTopic(topics.state(fridgeId))).toEqual({ kind: 'state', fridgeId });
        expect(parseTopic(topics.requests(fridgeId))).toEqual({ kind: 'requests', fridgeId });
        expect(parseTopic(topics.shelfWeight(fridgeId, id))).toEqual({
          kind: 'weight',
          fridgeId,
          shelfId: id,
        });
        expect(parseTopic(topics.deviceStatus(fridgeId, id))).toEqual({
          kind: 'deviceStatus',
          fridgeId,
          deviceId: id,
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseTopic', () => {
  it('answers null for names outside the contract', () => {
    const outside = [
      '',
      'fridges',
      'fridges/elm-st',
      'fridges/elm-st/humidity',
      'fridges/Elm St/door',
      'fridges//door',
      '/fridges/elm-st/door',
      'fridges/elm-st/door/',
      'Fridges/elm-st/door',
      'pantries/elm-st/door',
      'fridges/+/door',
      'fridges/#',
      'fridges/elm-st/#',
      'fridges/../door',
      'fridges/elm-st/shelves/+/weight',
      'fridges/elm-st/shelves/S1/weight',
      'fridges/elm-st/shelves//weight',
      'fridges/elm-st/shelves/s1/status',
      'fridges/elm-st/devices/d1/weight',
      'fridges/elm-st/devices/d1/status/extra',
      'fridges/elm-st/shelves/s1',
      '$SYS/broker/uptime',
    ];
    for (const name of outside) expect(parseTopic(name), JSON.stringify(name)).toBeNull();
  });

  it('never throws and only ever names a slug fridge (property)', () => {
    const level = fc.oneof(
      slug,
      fc.constantFrom('fridges', 'door', 'temperature', 'shelves', 'weight', 'devices', 'status', 'state'),
      fc.constantFrom('+', '#', '..', '', ' ', '\u0000', 'é'),
      fc.string({ unit: 'binary', maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.array(level, { maxLength: 7 }), (levels) => {
        const parsed = parseTopic(levels.join('/'));
        if (parsed !== null) {
          expect(levels[0]).toBe('fridges');
          expect(parsed.fridgeId).toBe(levels[1]);
          expect(parsed.fridgeId).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
