import { describe, expect, it } from 'vitest';
import { type FaultSpec, parseDurationMs, scheduleFaults } from '../../firmware-sim/faults';
import { stepFridge } from '../../firmware-sim/fridgeModel';
import { createFridgeState, fridgeTruth } from '../../firmware-sim/fridgeState';
import { DEMO_PROFILE, REALISTIC_PROFILE, STILL_PROFILE } from '../../firmware-sim/profiles';
import { simulateScenario } from '../../firmware-sim/scenario';
import { validateSimulationOptions } from '../../firmware-sim/simulationOptions';
import type { SensorReading } from '../../firmware-sim/types';
import { FRIDGE, HOUR_MS, MIDNIGHT_UTC_MS, PANTRY } from './fixtures';

const MINUTE_MS = 60_000;
/** 10:00 UTC: the room is at 22 + 3 cos(-5/24 · 2π) ≈ 22.8 °C. */
const START_MS = MIDNIGHT_UTC_MS + 10 * HOUR_MS;

function run(faults: FaultSpec[], durationMs: number, profile = STILL_PROFILE, seed = 5) {
  return simulateScenario({
    seed,
    fridges: [{ ...FRIDGE, faults }],
    startMs: START_MS,
    durationMs,
    profile,
  });
}
const temperatures = (readings: readonly SensorReading[]) =>
  readings.flatMap((r) =>
    r.value.kind === 'temperature' ? [{ atMs: r.atMs, celsius: r.value.celsius }] : [],
  );
const doors = (readings: readonly SensorReading[]) =>
  readings.flatMap((r) => (r.value.kind === 'door' ? [[r.atMs - START_MS, r.value.open]] : []));
const weights = (readings: readonly SensorReading[]) =>
  readings.filter((r) => r.value.kind === 'weight').map((r) => `${r.atMs} ${JSON.stringify(r.value)}`);
const celsiusNear = (readings: readonly SensorReading[], atMs: number) =>
  temperatures(readings).find((t) => t.atMs >= atMs)?.celsius ?? Number.NaN;

describe('fault injection in the model', () => {
  it('a compressor failure warms the shut fridge slowly toward the room, ~3 °C in the first hour', () => {
    const result = run([{ kind: 'compressorFailure', startAfterMs: 10 * MINUTE_MS }], 3 * HOUR_MS);
    const readings = result.readings;
    expect(celsiusNear(readings, START_MS + 9 * MINUTE_MS)).toBeCloseTo(4, 0);
    const afterHour = celsiusNear(readings, START_MS + 70 * MINUTE_MS);
    expect(afterHour).toBeGreaterThan(6.5);
    expect(afterHour).toBeLessThan(7.5);
    // 22.8 - 18.8 e^(-170/360) ≈ 11.1 °C at 3 h: still rising, far below the room.
    expect(celsiusNear(readings, START_MS + 3 * HOUR_MS - MINUTE_MS)).toBeCloseTo(11.1, 0);
    expect(doors(readings)).toEqual([]);
    // Steady: never a fall of more than probe noise.
    const series = temperatures(readings).filter((t) => t.atMs >= START_MS + 10 * MINUTE_MS);
    let max = Number.NEGATIVE_INFINITY;
    for (const { celsius } of series) {
      expect(celsius).toBeGreaterThan(max - 0.3);
      max = Math.max(max, celsius);
    }
  });

  it('a power cut warms the same way and cools down again once the power is back', () => {
    const cut = run([{ kind: 'powerCut', startAfterMs: 0, durationMs: 2 * HOUR_MS }], 4 * HOUR_MS);
    const compressor = run(
      [{ kind: 'compressorFailure', startAfterMs: 0, durationMs: 2 * HOUR_MS }],
      4 * HOUR_MS,
    );
    expect(temperatures(cut.readings)).toEqual(temperatures(compressor.readings));
    expect(celsiusNear(cut.readings, START_MS + 2 * HOUR_MS - MINUTE_MS)).toBeGreaterThan(9);
    // Back under 5 °C within about half an hour of the compressor restarting (10 min time constant).
    expect(celsiusNear(cut.readings, START_MS + 2 * HOUR_MS + 30 * MINUTE_MS)).toBeLessThan(5);
    expect(cut.truth.filter((r) => r.event.type === 'faults').map((r) => [r.t - START_MS, r.event])).toEqual([
      [2 * HOUR_MS, { type: 'faults', active: [] }],
    ]);
  });

  it('a door left open opens and closes at the fault edges; the air warms while it stands open', () => {
    const result = run(
      [{ kind: 'doorLeftOpen', startAfterMs: MINUTE_MS, durationMs: 6 * MINUTE_MS }],
      HOUR_MS,
    );
    expect(doors(result.readings)).toEqual([
      [MINUTE_MS, true],
      [7 * MINUTE_MS, false],
    ]);
    expect(celsiusNear(result.readings, START_MS + 6.5 * MINUTE_MS)).toBeGreaterThan(18);
    // Recovered within the 30 min air-probe window, with no visit in between.
    expect(celsiusNear(result.readings, START_MS + 40 * MINUTE_MS)).toBeLessThan(5);
    expect(result.sessions).toEqual([]);
    expect(result.truth.filter((r) => r.event.type === 'faults').map((r) => r.doorOpen)).toEqual([
      true,
      false,
    ]);
  });

  it('a visitor who leaves the door open: no close at the end of the visit, and nobody else comes', () => {
    const plain = run([], 2 * HOUR_MS, DEMO_PROFILE, 11);
    const first = plain.sessions[0];
    if (!first) throw new Error('the demo profile should bring a visitor');
    const during = first.startMs + 1 - START_MS;
    const result = run(
      [{ kind: 'doorLeftOpen', startAfterMs: during, durationMs: 20 * MINUTE_MS }],
      2 * HOUR_MS,
      DEMO_PROFILE,
      11,
    );
    expect(doors(result.readings).slice(0, 2)).toEqual([
      [first.startMs - START_MS, true],
      [during + 20 * MINUTE_MS, false],
    ]);
    const sessionsDuring = result.sessions.filter(
      (s) => s.startMs > first.startMs && s.startMs < START_MS + during + 20 * MINUTE_MS,
    );
    expect(sessionsDuring).toEqual([]);
  });

  it('an unplugged probe sends no temperature, and changes nothing else', () => {
    const plain = run([], HOUR_MS, REALISTIC_PROFILE);
    const unplugged = run(
      [{ kind: 'probeUnplugged', startAfterMs: 20 * MINUTE_MS, durationMs: 15 * MINUTE_MS }],
      HOUR_MS,
      REALISTIC_PROFILE,
    );
    const gap = (t: { atMs: number }) =>
      t.atMs >= START_MS + 20 * MINUTE_MS && t.atMs < START_MS + 35 * MINUTE_MS;
    expect(temperatures(unplugged.readings).filter(gap)).toEqual([]);
    expect(temperatures(unplugged.readings)).toEqual(temperatures(plain.readings).filter((t) => !gap(t)));
    expect(weights(unplugged.readings)).toEqual(weights(plain.readings));
    expect(unplugged.sessions).toEqual(plain.sessions);
  });

  it('a hung device measures nothing while hung; an offline one still measures (it uploads later)', () => {
    const window = { startAfterMs: 10 * MINUTE_MS, durationMs: 10 * MINUTE_MS };
    const inWindow = (r: SensorReading) =>
      r.atMs >= START_MS + 10 * MINUTE_MS && r.atMs < START_MS + 20 * MINUTE_MS;
    const hung = run([{ kind: 'deviceHung', ...window }], HOUR_MS);
    const offline = run([{ kind: 'deviceOffline', ...window }], HOUR_MS);
    expect(hung.readings.filter(inWindow)).toEqual([]);
    expect(offline.readings.filter(inWindow).length).toBeGreaterThan(100);
    expect(hung.readings.filter((r) => !inWindow(r)).map((r) => r.value)).toEqual(
      offline.readings.filter((r) => !inWindow(r)).map((r) => r.value),
    );
  });

  it('is reproducible from the seed, and a fault changes nothing before it starts', () => {
    const faults: FaultSpec[] = [
      { kind: 'powerCut', startAfterMs: HOUR_MS, durationMs: HOUR_MS },
      { kind: 'doorLeftOpen', startAfterMs: 90 * MINUTE_MS, durationMs: 5 * MINUTE_MS },
    ];
    const a = run(faults, 3 * HOUR_MS, REALISTIC_PROFILE);
    expect(run(faults, 3 * HOUR_MS, REALISTIC_PROFILE)).toEqual(a);
    const plain = run([], 3 * HOUR_MS, REALISTIC_PROFILE);
    const before = (r: SensorReading) => r.atMs < START_MS + HOUR_MS;
    expect(a.readings.filter(before)).toEqual(plain.readings.filter(before));
  });

  it('advancing in small steps gives the same output as one big step, faults included', () => {
    const faults = scheduleFaults(
      [
        { kind: 'compressorFailure', startAfterMs: 20 * MINUTE_MS, durationMs: 40 * MINUTE_MS },
        { kind: 'doorLeftOpen', startAfterMs: 30 * MINUTE_MS, durationMs: 4 * MINUTE_MS },
        { kind: 'probeUnplugged', startAfterMs: 45 * MINUTE_MS },
      ],
      START_MS,
    );
    const options = { seed: 3, startMs: START_MS, profile: REALISTIC_PROFILE, utcOffsetMinutes: 0, faults };
    const whole = stepFridge(createFridgeState(FRIDGE, options), START_MS + 2 * HOUR_MS);
    let state = createFridgeState(FRIDGE, options);
    const readings: SensorReading[] = [];
    for (let t = START_MS + 7_919; t < START_MS + 2 * HOUR_MS; t += 7_919) {
      const step = stepFridge(state, t);
      state = step.state;
      readings.push(...step.readings);
    }
    const last = stepFridge(state, START_MS + 2 * HOUR_MS);
    readings.push(...last.readings);
    expect(readings).toEqual(whole.readings);
    expect(fridgeTruth(last.state).faults).toEqual(['probeUnplugged']);
  });
});

describe('fault options', () => {
  const fridge = { ...FRIDGE, device: { deviceId: 'f1-dev' } };
  const pantry = { ...PANTRY, device: { deviceId: 'p1-dev' } };
  const problems = (options: Parameters<typeof validateSimulationOptions>[0]) => {
    try {
      validateSimulationOptions(options);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('refuses what cannot happen, naming the field', () => {
    expect(
      problems({
        mqttUrl: 'mqtt://h',
        fridges: [
          {
            ...fridge,
            faults: [
              { kind: 'meteor' as 'powerCut', startAfterMs: 0 },
              { kind: 'powerCut', startAfterMs: -HOUR_MS },
              { kind: 'deviceOffline', startAfterMs: 0, durationMs: 0 },
            ],
          },
          { ...pantry, faults: [{ kind: 'doorLeftOpen', startAfterMs: 0 }] },
        ],
      }),
    ).toBe(
      'invalid simulation options: fridges/0/faults/0/kind: must be one of compressorFailure, powerCut, doorLeftOpen, probeUnplugged, deviceOffline, deviceHung; ' +
        'fridges/0/faults/2/durationMs: must be a positive number of ms; ' +
        "fridges/0/faults/1/startAfterMs: starts before the fridge's history (historyMs 0); " +
        'fridges/1/faults/0/kind: doorLeftOpen needs a fridge (a pantry has no door sensor, probe or cooling)',
    );
    expect(
      problems({ mqttUrl: 'mqtt://h', speed: 60, fridges: [{ ...fridge, historyMs: HOUR_MS }] }),
    ).toMatch(/fridges\/0\/historyMs: needs speed 1/);
    expect(
      problems({
        mqttUrl: 'mqtt://h',
        fridges: [{ ...fridge, historyMs: HOUR_MS, faults: [{ kind: 'powerCut', startAfterMs: -HOUR_MS }] }],
      }),
    ).toBe('');
  });

  it('reads durations as a person writes them', () => {
    expect(parseDurationMs('90s')).toBe(90_000);
    expect(parseDurationMs('1h30m')).toBe(90 * MINUTE_MS);
    expect(parseDurationMs('-2h15m')).toBe(-135 * MINUTE_MS);
    expect(parseDurationMs('0')).toBe(0);
    expect(parseDurationMs('1.5h')).toBe(90 * MINUTE_MS);
    expect(parseDurationMs('10')).toBeNull();
    expect(parseDurationMs('soon')).toBeNull();
  });
});
