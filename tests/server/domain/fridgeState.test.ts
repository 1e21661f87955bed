import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SensorValue } from '../../../contract/payloads';
import {
  applyConnection,
  applyReading,
  emptyFridgeState,
  type FridgeState,
  keepDevices,
  type ReadingEvent,
} from '../../../server/domain/fridgeState';

const T0 = Date.UTC(2026, 10, 29, 17, 0);

function reading(
  value: SensorValue,
  measuredAtMs: number,
  overrides: Partial<ReadingEvent> = {},
): ReadingEvent {
  return {
    value,
    deviceId: 'scale-1',
    measuredAtMs,
    receivedAtMs: measuredAtMs,
    clockSkew: false,
    ...overrides,
  };
}

const weight = (kg: number, shelfId = 's1'): SensorValue => ({ kind: 'weight', shelfId, kg });
const door = (open: boolean): SensorValue => ({ kind: 'door', open });
const status = (
  fields: Omit<Extract<SensorValue, { kind: 'deviceStatus' }>, 'kind' | 'deviceId'>,
): SensorValue => ({
  kind: 'deviceStatus',
  deviceId: 'scale-1',
  ...fields,
});

function applyAll(events: ReadingEvent[], start: FridgeState = emptyFridgeState()): FridgeState {
  return events.reduce((state, event) => applyReading(state, event).state, start);
}

describe('applyReading: shelves and temperature', () => {
  it('records a shelf reading and marks its device as seen', () => {
    const { state, late } = applyReading(
      emptyFridgeState(),
      reading(weight(12.3), T0, { receivedAtMs: T0 + 50 }),
    );
    expect(late).toBe(false);
    expect(state.shelves).toEqual({ s1: { grossKg: 12.3, measuredAtMs: T0 } });
    expect(state.lastSeenMs).toBe(T0 + 50);
    expect(state.devices['scale-1']).toMatchObject({ online: true, lastSeenMs: T0 + 50, clockSkew: false });
  });

  it('keeps the newer figure when a late resend arrives, and says it was late', () => {
    const current = applyAll([reading(weight(10), T0 + 60_000)]);
    const { state, late } = applyReading(current, reading(weight(3), T0, { receivedAtMs: T0 + 120_000 }));
    expect(late).toBe(true);
    expect(state.shelves.s1).toEqual({ grossKg: 10, measuredAtMs: T0 + 60_000 });
    // The device that resent its buffer is alive all the same.
    expect(state.lastSeenMs).toBe(T0 + 120_000);
  });

  it('judges lateness per shelf', () => {
    const current = applyAll([reading(weight(10, 's1'), T0 + 60_000)]);
    const { state, late } = applyReading(current, reading(weight(4, 's2'), T0));
    expect(late).toBe(false);
    expect(state.shelves.s2).toEqual({ grossKg: 4, measuredAtMs: T0 });
    expect(state.shelves.s1?.grossKg).toBe(10);
  });

  it('lets a reading with the same time replace the figure', () => {
    const state = applyAll([reading(weight(10), T0), reading(weight(11), T0)]);
    expect(state.shelves.s1?.grossKg).toBe(11);
  });

  it('records the temperature with its probe, or null when the probe is unnamed', () => {
    const state = applyAll([reading({ kind: 'temperature', celsius: 4.2, probe: 'top' }, T0)]);
    expect(state.temperature).toEqual({ celsius: 4.2, probe: 'top', measuredAtMs: T0 });
    const unnamed = applyAll([reading({ kind: 'temperature', celsius: 3.9 }, T0 + 1)], state);
    expect(unnamed.temperature).toEqual({ celsius: 3.9, probe: null, measuredAtMs: T0 + 1 });
  });

  it('never rolls the temperature back to an older reading', () => {
    const current = applyAll([reading({ kind: 'temperature', celsius: 4 }, T0 + 1_000)]);
    const outcome = applyReading(current, reading({ kind: 'temperature', celsius: 12 }, T0));
    expect(outcome.late).toBe(true);
    expect(outcome.state.temperature?.celsius).toBe(4);
  });

  it('flags the device whose reading carried an unbelievable time', () => {
    const state = applyAll([reading(weight(5), T0, { clockSkew: true })]);
    expect(state.devices['scale-1']?.clockSkew).toBe(true);
  });

  it('leaves devices alone when the sender is unknown (external broker)', () => {
    const state = applyAll([reading(weight(5), T0, { deviceId: null })]);
    expect(state.devices).toEqual({});
    expect(state.shelves.s1?.grossKg).toBe(5);
    expect(state.lastSeenMs).toBe(T0);
  });

  it('does not modify the state it was given', () => {
    const before = applyAll([reading(weight(10), T0), reading(door(true), T0)]);
    const snapshot = structuredClone(before);
    applyReading(before, reading(weight(2), T0 + 5));
    applyReading(before, reading(door(false), T0 + 5));
    applyReading(before, reading(status({ online: false }), T0 + 5));
    expect(before).toEqual(snapshot);
  });
});

describe('applyReading: door', () => {
  it('starts `since` at the first reading', () => {
    const state = applyAll([reading(door(true), T0)]);
    expect(state.door).toEqual({ open: true, sinceMs: T0, measuredAtMs: T0 });
  });

  it('keeps `since` when the door reports the same position again', () => {
    const state = applyAll([reading(door(true), T0), reading(door(true), T0 + 30_000)]);
    expect(state.door).toEqual({ open: true, sinceMs: T0, measuredAtMs: T0 + 30_000 });
  });

  it('moves `since` when the door changes', () => {
    const state = applyAll([reading(door(true), T0), reading(door(false), T0 + 45_000)]);
    expect(state.door).toEqual({ open: false, sinceMs: T0 + 45_000, measuredAtMs: T0 + 45_000 });
  });

  it('ignores a late door reading entirely', () => {
    const current = applyAll([reading(door(false), T0 + 10_000)]);
    const { state, late } = applyReading(current, reading(door(true), T0));
    expect(late).toBe(true);
    expect(state.door).toEqual({ open: false, sinceMs: T0 + 10_000, measuredAtMs: T0 + 10_000 });
  });
});

describe('applyReading: device status', () => {
  it('keeps battery, rssi and firmware a later status leaves out', () => {
    const state = applyAll([
      reading(status({ online: true, battery: 0.8, rssi: -60, firmware: '1.0.0' }), T0),
      reading(status({ online: true, battery: 0.7 }), T0 + 60_000),
    ]);
    expect(state.devices['scale-1']).toEqual({
      online: true,
      battery: 0.7,
      rssi: -60,
      firmware: '1.0.0',
      lastSeenMs: T0 + 60_000,
      clockSkew: false,
    });
  });

  it('takes an offline last will as offline without pretending the device was just seen', () => {
    const seen = applyAll([reading(status({ online: true, battery: 0.5 }), T0)]);
    const { state, late } = applyReading(seen, reading(status({ online: false }), T0 + 600_000));
    expect(late).toBe(false);
    expect(state.devices['scale-1']).toMatchObject({ online: false, battery: 0.5, lastSeenMs: T0 });
    expect(state.lastSeenMs).toBe(T0);
  });

  it('keeps a clock-skew flag once a status reports it', () => {
    const state = applyAll([
      reading(status({ online: true }), T0, { clockSkew: true }),
      reading(status({ online: true }), T0 + 1, { clockSkew: false }),
    ]);
    expect(state.devices['scale-1']?.clockSkew).toBe(true);
  });
});

describe('applyConnection', () => {
  it('marks a connecting device online and seen now', () => {
    const state = applyConnection(emptyFridgeState(), 'scale-1', true, T0);
    expect(state.devices['scale-1']).toMatchObject({ online: true, lastSeenMs: T0 });
    expect(state.lastSeenMs).toBe(T0);
  });

  it('marks a disconnecting device offline, keeping when it was last seen and what it reported', () => {
    const seen = applyAll([reading(status({ online: true, battery: 0.9, firmware: '2.0.0' }), T0)]);
    const state = applyConnection(seen, 'scale-1', false, T0 + 3_600_000);
    expect(state.devices['scale-1']).toMatchObject({
      online: false,
      battery: 0.9,
      firmware: '2.0.0',
      lastSeenMs: T0,
    });
    expect(state.lastSeenMs).toBe(T0);
  });
});

describe('keepDevices', () => {
  it('lists exactly the registered devices, adding unseen ones as offline', () => {
    const seen = applyAll([
      reading(weight(5), T0, { deviceId: 'scale-1' }),
      reading(weight(6, 's2'), T0, { deviceId: 'revoked-1' }),
    ]);
    const state = keepDevices(seen, ['scale-1', 'new-1']);
    expect(Object.keys(state.devices).sort()).toEqual(['new-1', 'scale-1']);
    expect(state.devices['scale-1']?.online).toBe(true);
    expect(state.devices['new-1']).toEqual({
      online: false,
      battery: null,
      rssi: null,
      firmware: null,
      lastSeenMs: null,
      clockSkew: false,
    });
    expect(state.shelves).toEqual(seen.shelves);
  });
});

describe('applyReading (properties)', () => {
  const timedValues = <T>(value: fc.Arbitrary<T>) =>
    fc
      .uniqueArray(fc.integer({ min: T0, max: T0 + 86_400_000 }), { minLength: 1, maxLength: 25 })
      .chain((times) => fc.tuple(...times.map((t) => value.map((v) => [t, v] as const))))
      .chain((pairs) =>
        fc.shuffledSubarray(pairs, { minLength: pairs.length }).map((order) => ({ pairs, order })),
      );

  const newest = <T>(pairs: ReadonlyArray<readonly [number, T]>): readonly [number, T] =>
    pairs.reduce((best, pair) => (pair[0] > best[0] ? pair : best));

  it('ends with the newest shelf reading, whatever order the readings arrive in', () => {
    fc.assert(
      fc.property(timedValues(fc.double({ min: -1, max: 1000, noNaN: true })), ({ pairs, order }) => {
        const state = applyAll(
          order.map(([t, kg]) => reading(weight(kg), t, { receivedAtMs: T0 + 90_000_000 })),
        );
        const [t, kg] = newest(pairs);
        expect(state.shelves.s1).toEqual({ grossKg: kg, measuredAtMs: t });
      }),
      { numRuns: 300 },
    );
  });

  it('ends with the newest temperature and door position, whatever the arrival order', () => {
    fc.assert(
      fc.property(
        timedValues(fc.double({ min: -50, max: 80, noNaN: true })),
        timedValues(fc.boolean()),
        (temps, doors) => {
          const events = [
            ...temps.order.map(([t, celsius]) => reading({ kind: 'temperature', celsius }, t)),
            ...doors.order.map(([t, open]) => reading(door(open), t)),
          ];
          const state = applyAll(events);
          const [tempAt, celsius] = newest(temps.pairs);
          const [doorAt, open] = newest(doors.pairs);
          expect(state.temperature).toEqual({ celsius, probe: null, measuredAtMs: tempAt });
          expect(state.door?.open).toBe(open);
          expect(state.door?.measuredAtMs).toBe(doorAt);
          expect(state.door?.sinceMs).toBeLessThanOrEqual(doorAt);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('remembers the latest receive time as last seen, whatever the arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: T0, max: T0 + 86_400_000 }), { minLength: 1, maxLength: 30 }),
        (times) => {
          const state = applyAll(times.map((t) => reading(weight(1), t)));
          expect(state.lastSeenMs).toBe(Math.max(...times));
          expect(state.devices['scale-1']?.lastSeenMs).toBe(Math.max(...times));
        },
      ),
      { numRuns: 200 },
    );
  });
});
