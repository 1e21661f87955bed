import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTS_CONFIG, defaultAlertSettings } from '../../../server/domain/alerts/config';
import { alertStep } from '../../../server/domain/alerts/rules';
import { AlertMemoryWriter, alertMemoryFrom } from '../../../server/domain/alerts/savedMemory';
import {
  type AlertContext,
  type AlertEvent,
  type FridgeAlertState,
  initialAlertState,
} from '../../../server/domain/alerts/types';
import { summarizeActivity } from '../../../server/domain/estimation/activity';
import {
  applyConnection,
  applyReading,
  emptyFridgeState,
  keepDevices,
} from '../../../server/domain/fridgeState';
import { atId, idRecordOf, withId } from '../../../server/domain/idRecord';

/** Monday 30 November 2026, 12:00 UTC. */
const T0 = Date.UTC(2026, 10, 30, 12);
const MINUTE = 60_000;

/** `constructor` is a slug (contract/ids.ts), so an organiser may name a device or a shelf so. */
const DEVICE = 'constructor';
const SHELF = 'constructor';

const context: AlertContext = {
  fridgeId: 'elm-st',
  config: DEFAULT_ALERTS_CONFIG,
  settings: defaultAlertSettings('fridge'),
  deviceIds: [DEVICE],
  newAlertId: () => 'al-1',
};

const reading = (atMs: number, value: Extract<AlertEvent, { type: 'reading' }>['value']): AlertEvent => ({
  type: 'reading',
  deviceId: DEVICE,
  receivedAtMs: atMs,
  value,
});

describe('records keyed by ids', () => {
  it('hold only the keys put into them, never what Object.prototype has', () => {
    const empty = idRecordOf<number>({});
    expect(atId(empty, 'constructor')).toBeUndefined();
    expect(empty.constructor).toBeUndefined();
    const one = withId(empty, 'constructor', 3);
    expect(atId(one, 'constructor')).toBe(3);
    expect(Object.keys(one)).toEqual(['constructor']);
    expect(JSON.stringify(one)).toBe('{"constructor":3}');
    // A plain object as input (a saved row) reads the same, and is not changed.
    const plain: Record<string, number> = { s1: 1 };
    expect(atId(plain, 'constructor')).toBeUndefined();
    expect(withId(plain, 's2', 2)).toEqual({ s1: 1, s2: 2 });
    expect(plain).toEqual({ s1: 1 });
  });

  it("keep a device named `constructor` in its fridge's state, with its battery, signal and firmware", () => {
    let state = applyReading(emptyFridgeState(), {
      value: { kind: 'temperature', celsius: 4 },
      deviceId: DEVICE,
      measuredAtMs: T0,
      receivedAtMs: T0,
      clockSkew: false,
    }).state;
    expect(state.devices[DEVICE]).toEqual({
      online: true,
      battery: null,
      rssi: null,
      firmware: null,
      lastSeenMs: T0,
      clockSkew: false,
    });
    state = applyReading(state, {
      value: { kind: 'weight', shelfId: SHELF, kg: 7.5 },
      deviceId: DEVICE,
      measuredAtMs: T0 + MINUTE,
      receivedAtMs: T0 + MINUTE,
      clockSkew: false,
    }).state;
    expect(state.shelves[SHELF]).toEqual({ grossKg: 7.5, measuredAtMs: T0 + MINUTE });
    state = applyConnection(state, DEVICE, false, T0 + 2 * MINUTE);
    expect(state.devices[DEVICE]?.online).toBe(false);
    // A state read back from its saved JSON (a plain object) becomes prototype-free again.
    const restored = keepDevices(JSON.parse(JSON.stringify(state)), [DEVICE]);
    expect(restored).toEqual(state);
    for (const record of [restored.devices, restored.shelves, state.devices, state.shelves])
      expect(Object.getPrototypeOf(record)).toBeNull();
  });

  it('let the alert rules judge a device and a shelf named `constructor`, and read their saved memory back', () => {
    let state: FridgeAlertState = initialAlertState();
    const step = (event: AlertEvent, atMs: number) => {
      const next = alertStep(state, event, atMs, context);
      state = next.state;
      return next.effects;
    };
    // Before: the second reading stepped `Object` as the device's track and threw.
    step(reading(T0, { kind: 'temperature', celsius: 4 }), T0);
    step(reading(T0 + MINUTE, { kind: 'temperature', celsius: 4 }), T0 + MINUTE);
    expect(state.devices[DEVICE]?.lastHeardMs).toBe(T0 + MINUTE);
    expect(state.devices[DEVICE]?.gaps.size).toBe(1);
    // The door opens and the shelf named `constructor` moves: someone is there, no switch fault.
    step(reading(T0 + 2 * MINUTE, { kind: 'weight', shelfId: SHELF, kg: 10 }), T0 + 2 * MINUTE);
    step(reading(T0 + 3 * MINUTE, { kind: 'door', open: true }), T0 + 3 * MINUTE);
    expect(state.door.weightsAtOpen[SHELF]).toBe(10);
    step(reading(T0 + 4 * MINUTE, { kind: 'weight', shelfId: SHELF, kg: 4 }), T0 + 4 * MINUTE);
    expect(state.door.weightChanged).toBe(true);
    const effects = step({ type: 'tick' }, T0 + 40 * MINUTE);
    expect(effects.map((e) => e.alert.type)).toContain('doorAjar');
    expect(state.alerts.doorSwitchFaulty).toBeUndefined();

    // A shelf first heard while the door is open is the reference, not a change (before: its
    // reference was `Object`, any weight a change, so a stuck door switch was never suspected).
    let fresh = alertStep(initialAlertState(), reading(T0, { kind: 'door', open: true }), T0, context).state;
    fresh = alertStep(
      fresh,
      reading(T0 + MINUTE, { kind: 'weight', shelfId: SHELF, kg: 10 }),
      T0 + MINUTE,
      context,
    ).state;
    expect(fresh.door.weightChanged).toBe(false);
    expect(fresh.door.weightsAtOpen[SHELF]).toBe(10);

    const saved = new AlertMemoryWriter().write(state);
    const back = alertMemoryFrom(saved.json, saved.gaps ? new Uint8Array(saved.gaps) : null);
    expect(back.devices[DEVICE]?.gaps.endsMs).toEqual(state.devices[DEVICE]?.gaps.endsMs);
    expect(back.devices[DEVICE]?.gaps.size).toBe(4);
    expect(back.shelfKg[SHELF]).toBe(4);
    expect(back.door.weightsAtOpen[SHELF]).toBe(10);
    for (const record of [back.devices, back.shelfKg, back.door.weightsAtOpen, state.devices, state.shelfKg])
      expect(Object.getPrototypeOf(record)).toBeNull();
  });
  it('count the visits of a fridge named `constructor` (the activity summary threw before)', () => {
    const visit = { fridgeId: 'constructor', openedAt: T0 - MINUTE, takenKg: 1.5, addedKg: 0 };
    const summary = summarizeActivity([visit, { ...visit, openedAt: T0 - 2 * MINUTE }], T0, 0);
    expect(atId(summary.fridges, 'constructor')?.today).toEqual({ visits: 2, takenKg: 3, addedKg: 0 });
    expect(summary.network.today.visits).toBe(2);
  });
});
