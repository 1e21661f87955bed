import { faultActive, scheduleFaults } from './faults';
import { stepFridge } from './fridgeModel';
import { createFridgeState, truthRecordOf } from './fridgeState';
import { type BehaviourProfile, type ProfileName, resolveProfile } from './profiles';
import type { SensorReading, SessionRecord, SimulatedFridge, TruthRecord } from './types';
import { encodeSensorValue, type WireMessage } from './wire';

export interface ScenarioFridge extends SimulatedFridge {
  /** Device id used for seq counting; defaults to `{fridgeId}-device`. */
  deviceId?: string;
}

export interface ScenarioOptions {
  seed: number;
  fridges: readonly ScenarioFridge[];
  /** Simulated start, epoch ms. */
  startMs: number;
  durationMs: number;
  /** Default 'realistic'. */
  profile?: ProfileName | BehaviourProfile;
  /** Local time of the fridges, which shapes visits by hour; default 0 (UTC). */
  utcOffsetMinutes?: number;
}

/** A reading with the device metadata it would have gone over the wire with. */
export interface ScenarioReading extends SensorReading {
  deviceId: string;
  /** Per-device counter, from 0. */
  seq: number;
}

export interface ScenarioResult {
  /** Every reading of every fridge, in time order. */
  readings: ScenarioReading[];
  /** The ground-truth timeline, starting with one `initial` record per fridge, in time order. */
  truth: TruthRecord[];
  sessions: SessionRecord[];
}

/**
 * The topic and payload a scenario reading went out with. Encoded on demand: a week of three
 * fridges is ~750,000 readings, too many to keep their JSON text around as well.
 */
export function scenarioWireMessage(reading: ScenarioReading, options: { timestamps: boolean }): WireMessage {
  const meta = options.timestamps ? { seq: reading.seq, ts: reading.atMs } : { seq: reading.seq };
  return encodeSensorValue(reading.fridgeId, reading.value, meta);
}

/**
 * Runs the model offline at full speed, without MQTT or timers: the fixture generator for the
 * estimator's accuracy benchmark. Same seed and options, same result.
 */
export function simulateScenario(options: ScenarioOptions): ScenarioResult {
  const profile = resolveProfile(options.profile);
  const utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
  const endMs = options.startMs + options.durationMs;
  const readings: ScenarioReading[] = [];
  const truth: TruthRecord[] = [];
  const sessions: SessionRecord[] = [];
  for (const fridge of options.fridges) {
    // A fault that began before the start is on from the start.
    const faults = scheduleFaults(fridge.faults, options.startMs);
    const initial = createFridgeState(fridge, {
      seed: options.seed,
      startMs: options.startMs,
      profile,
      utcOffsetMinutes,
      faults,
    });
    truth.push(truthRecordOf(initial, options.startMs, { type: 'initial' }));
    const step = stepFridge(initial, endMs);
    const deviceId = fridge.deviceId ?? `${fridge.fridgeId}-device`;
    // A hung device measures nothing; an offline one measures and uploads later (no receipt time here).
    let seq = 0;
    for (const { atMs, fridgeId, value } of step.readings) {
      if (faultActive(faults, 'deviceHung', atMs)) continue;
      readings.push({ atMs, fridgeId, value, deviceId, seq });
      seq += 1;
    }
    truth.push(...step.truth);
    sessions.push(...step.sessions);
  }
  // Stable sorts: fridges keep their given order among equal times.
  readings.sort((a, b) => a.atMs - b.atMs);
  truth.sort((a, b) => a.t - b.t);
  sessions.sort((a, b) => a.startMs - b.startMs);
  return { readings, truth, sessions };
}
