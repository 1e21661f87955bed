/**
 * Run by tests/server/domain/hiddenClasses.test.ts in a process of its own under
 * `--allow-natives-syntax`: whether the per-fridge states a server holds share V8 hidden classes
 * after it has read back the saved rows of more fridges than V8 keeps transitions for (1,536,
 * `idRecord.ts`). Prints one JSON line: for each kind of state, how many distinct hidden classes
 * its objects of `FRIDGES` fridges have (1 when they share one).
 */
import { DEFAULT_ALERTS_CONFIG, defaultAlertSettings } from '../../server/domain/alerts/config';
import { alertStep } from '../../server/domain/alerts/rules';
import { AlertMemoryWriter, alertMemoryFrom } from '../../server/domain/alerts/savedMemory';
import { type AlertContext, initialAlertState } from '../../server/domain/alerts/types';
import { DEFAULT_ESTIMATOR_CONFIG } from '../../server/domain/estimation/config';
import { createEstimatorState } from '../../server/domain/estimation/estimator';
import { packEstimatorState } from '../../server/domain/estimation/estimatorPacked';
import { applyReading, emptyFridgeState, keepDevices } from '../../server/domain/fridgeState';

const FRIDGES = 3_000;
/** Monday 30 November 2026, 12:00 UTC. */
const T0 = Date.UTC(2026, 10, 30, 12);

const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const classes = (objects: readonly object[]): number => {
  const seen: object[] = [];
  for (const o of objects) if (!seen.some((s) => sameClass(s, o))) seen.push(o);
  return seen.length;
};

const deviceOf = (n: number) => `fridge-${n}-sensor`;
const contextOf = (n: number): AlertContext => ({
  fridgeId: `fridge-${n}`,
  config: DEFAULT_ALERTS_CONFIG,
  settings: defaultAlertSettings('fridge'),
  deviceIds: [deviceOf(n)],
  newAlertId: () => `al-${n}`,
});
const temperature = (n: number, atMs: number) => ({
  type: 'reading' as const,
  deviceId: deviceOf(n),
  receivedAtMs: atMs,
  value: { kind: 'temperature' as const, celsius: 4 },
});

// The rows a server saved: each fridge's state and alert memory after two readings.
const writer = new AlertMemoryWriter();
const rows = Array.from({ length: FRIDGES }, (_, n) => {
  let alerts = initialAlertState();
  for (const atMs of [T0, T0 + 60_000])
    alerts = alertStep(alerts, temperature(n, atMs), atMs, contextOf(n)).state;
  const saved = writer.write(alerts);
  const fridge = applyReading(emptyFridgeState(), {
    value: { kind: 'weight', shelfId: 's1', kg: 5 },
    deviceId: deviceOf(n),
    measuredAtMs: T0,
    receivedAtMs: T0,
    clockSkew: false,
  }).state;
  return {
    alertJson: saved.json,
    gaps: saved.gaps && new Uint8Array(saved.gaps),
    stateJson: JSON.stringify(fridge),
  };
});

// Start-up: every row read back, as the catalog, the alert rules and the estimator do.
const states = rows.map((row, n) => keepDevices(JSON.parse(row.stateJson), [deviceOf(n)]));
const alertStates = rows.map((row) => alertMemoryFrom(row.alertJson, row.gaps));
const packed = rows.map((_, n) =>
  packEstimatorState(
    createEstimatorState(`fridge-${n}`, [{ id: 's1', tareKg: 2, capacityKg: 20 }], DEFAULT_ESTIMATOR_CONFIG),
  ),
);
// Then one reading each.
const atMs = T0 + 120_000;
const stepped = states.map(
  (state, n) =>
    applyReading(state, {
      value: { kind: 'temperature', celsius: 4 },
      deviceId: deviceOf(n),
      measuredAtMs: atMs,
      receivedAtMs: atMs,
      clockSkew: false,
    }).state,
);
const steppedAlerts = alertStates.map(
  (state, n) => alertStep(state, temperature(n, atMs), atMs, contextOf(n)).state,
);

console.log(
  JSON.stringify({
    fridgeStates: classes(stepped),
    alertStates: classes(steppedAlerts),
    packedEstimatorStates: classes(packed),
  }),
);
