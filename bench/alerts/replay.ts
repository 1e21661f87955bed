import { type ProfileName, simulateScenario } from '../../firmware-sim';
import type { BehaviourProfile } from '../../firmware-sim/profiles';
import type { ScenarioFridge } from '../../firmware-sim/scenario';
import { DEFAULT_ALERTS_CONFIG, defaultAlertSettings } from '../../server/domain/alerts/config';
import { alertStep, nextAlertDeadline } from '../../server/domain/alerts/rules';
import {
  type AlertContext,
  type AlertEffect,
  type FridgeAlertState,
  initialAlertState,
} from '../../server/domain/alerts/types';

export interface AlertReplayOptions {
  seed: number;
  fridges: readonly ScenarioFridge[];
  startMs: number;
  durationMs: number;
  profile: ProfileName | BehaviourProfile;
}

export interface AlertReplayResult {
  readings: number;
  /** Every alert raised, by fridge and type, with when. */
  raised: Array<{ fridgeId: string; type: string; severity: string; atMs: number }>;
  effects: number;
}

/**
 * Simulates fridges with the device simulator's pure model and judges every reading with the
 * alert rules, ticking at each deadline as the server's timer would. The false-alarm figure of
 * docs/alerts.md: a normal week should raise nothing.
 */
export function replayAlerts(options: AlertReplayOptions): AlertReplayResult {
  const scenario = simulateScenario({ ...options, utcOffsetMinutes: 0 });
  const states = new Map<string, FridgeAlertState>();
  const contexts = new Map<string, AlertContext>();
  for (const fridge of options.fridges) {
    states.set(fridge.fridgeId, initialAlertState());
    let count = 0;
    contexts.set(fridge.fridgeId, {
      fridgeId: fridge.fridgeId,
      config: DEFAULT_ALERTS_CONFIG,
      settings: defaultAlertSettings(fridge.kind),
      deviceIds: [fridge.deviceId ?? `${fridge.fridgeId}-device`],
      newAlertId: () => `${fridge.fridgeId}-${++count}`,
    });
  }
  const raised: AlertReplayResult['raised'] = [];
  let effects = 0;
  const record = (fridgeId: string, atMs: number, list: AlertEffect[]) => {
    effects += list.length;
    for (const e of list)
      if (e.change === 'raised')
        raised.push({ fridgeId, type: e.alert.type, severity: e.alert.severity, atMs });
  };
  for (const reading of scenario.readings) {
    const context = contexts.get(reading.fridgeId);
    let state = states.get(reading.fridgeId);
    if (!context || !state) continue;
    for (let deadline = nextAlertDeadline(state, context); deadline !== null && deadline <= reading.atMs; ) {
      const tick = alertStep(state, { type: 'tick' }, deadline, context);
      state = tick.state;
      record(reading.fridgeId, deadline, tick.effects);
      const next = nextAlertDeadline(state, context);
      deadline = next !== null && next > deadline ? next : null;
    }
    const step = alertStep(
      state,
      { type: 'reading', deviceId: reading.deviceId, receivedAtMs: reading.atMs, value: reading.value },
      reading.atMs,
      context,
    );
    states.set(reading.fridgeId, step.state);
    record(reading.fridgeId, reading.atMs, step.effects);
  }
  return { readings: scenario.readings.length, raised, effects };
}

/** Six fridges as in the demo: three shelves each. */
export function sixFridges(): ScenarioFridge[] {
  return ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({
    fridgeId: `fridge-${id}`,
    kind: 'fridge',
    shelves: ['top', 'middle', 'bottom'].map((shelfId) => ({ id: shelfId, tareKg: 2.1, capacityKg: 15 })),
  }));
}
