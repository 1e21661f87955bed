import { DEFAULT_BACKOFF } from './backoff';
import { type FaultKind, faultActive, nextFaultEdgeMs, type ScheduledFault, scheduleFaults } from './faults';
import { createEncoder, defaultFormatTopic } from './formats';
import { stepFridge } from './fridgeModel';
import {
  createFridgeState,
  doorIsOpen,
  type FridgeModelState,
  fridgeTruth,
  truthRecordOf,
} from './fridgeState';
import { silentLogger } from './logger';
import { createRng, deriveSeed, uniform } from './prng';
import { resolveProfile } from './profiles';
import { type DeviceStats, SimulatedDevice } from './simulatedDevice';
import { type SimulationOptions, validateSimulationOptions } from './simulationOptions';
import { TruthWriter } from './truthWriter';
import type { FridgeTruth } from './types';
import { carriesTimestamps } from './wire';

export interface SimulationHandle {
  /** Stops the model, says goodbye on every device, closes every client, timer and file. */
  stop(): Promise<void>;
  /** The true stock of a fridge as of the last model step; undefined for an unknown id. */
  truth(fridgeId: string): FridgeTruth | undefined;
  /** Connection and buffer counters of every device. */
  stats(): DeviceStats[];
}

interface RunningFridge {
  state: FridgeModelState;
  device: SimulatedDevice;
  faults: readonly ScheduledFault[];
}

const DEVICE_FAULTS: ReadonlySet<FaultKind> = new Set(['deviceOffline', 'deviceHung']);

/**
 * Advances one fridge to `nowMs`, stopping at each start or end of a device fault so that what
 * was measured before a link cut is sent before it, and what a hung device would have measured
 * is never sent.
 */
function advance(running: RunningFridge, nowMs: number, withTimestamps: boolean, truth: TruthWriter | null) {
  while (running.state.nowMs < nowMs) {
    const untilMs = Math.min(nowMs, nextFaultEdgeMs(running.faults, DEVICE_FAULTS, running.state.nowMs));
    const step = stepFridge(running.state, untilMs);
    running.state = step.state;
    for (const reading of step.readings)
      if (!faultActive(running.faults, 'deviceHung', reading.atMs))
        running.device.send(reading, withTimestamps);
    for (const record of step.truth) truth?.write(record);
    running.device.setLinkUp(!faultActive(running.faults, 'deviceOffline', untilMs));
  }
}

/**
 * Runs fridges live against a broker: a timer advances the pure model to the simulated "now"
 * and each device publishes what its sensors measured. Resolves once the devices are started
 * (not connected: a device that cannot reach the broker buffers and retries on its own).
 */
export async function startSimulation(options: SimulationOptions): Promise<SimulationHandle> {
  validateSimulationOptions(options);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? { nowMs: () => Date.now() };
  const speed = options.speed ?? 1;
  const seed = options.seed ?? 1;
  const profile = resolveProfile(options.profile);
  const realStartMs = clock.nowMs();
  const simStartMs = options.startMs ?? realStartMs;
  const utcOffsetMinutes = options.utcOffsetMinutes ?? -new Date(simStartMs).getTimezoneOffset();
  const withTimestamps = carriesTimestamps(speed);
  const simulatedNowMs = () => Math.round(simStartMs + (clock.nowMs() - realStartMs) * speed);
  const backoff = { ...DEFAULT_BACKOFF, ...options.reconnect };
  const firstSeq = options.firstSeq ?? realStartMs;

  const truthWriter = options.truthFile ? await TruthWriter.open(options.truthFile, logger) : null;
  const fridges = new Map<string, RunningFridge>();
  for (const fridge of options.fridges) {
    const faults = scheduleFaults(fridge.faults, simStartMs);
    const modelStartMs = simStartMs - (fridge.historyMs ?? 0);
    const state = createFridgeState(fridge, {
      seed,
      startMs: modelStartMs,
      profile: fridge.profile === undefined ? profile : resolveProfile(fridge.profile),
      utcOffsetMinutes,
      faults,
    });
    truthWriter?.write(truthRecordOf(state, modelStartMs, { type: 'initial' }));
    const deviceRng = createRng(deriveSeed(seed, `device:${fridge.device.deviceId}`));
    const health = {
      battery: Math.round(uniform(deviceRng, 0.6, 1) * 100) / 100,
      rssi: Math.round(uniform(deviceRng, -85, -55)),
    };
    const format = fridge.format ?? options.format ?? 'native';
    const { deviceId } = fridge.device;
    const encoder =
      format === 'native'
        ? undefined
        : createEncoder(format, {
            fridgeId: fridge.fridgeId,
            deviceId,
            topic: fridge.topic ?? defaultFormatTopic(format, deviceId),
            shelfIds: fridge.shelves.map((shelf) => shelf.id),
            health,
            utcOffsetMinutes,
          });
    const device = new SimulatedDevice({
      mqttUrl: fridge.device.mqttUrl ?? options.mqttUrl,
      fridgeId: fridge.fridgeId,
      credentials: fridge.device,
      health,
      encoder,
      simulatedNowMs,
      firstSeq,
      offlineBufferLimit: options.offlineBufferLimit ?? 10_000,
      backoff,
      random01: () => deviceRng.next(),
      statusTimestampMs: () => (withTimestamps ? simulatedNowMs() : undefined),
      logger,
    });
    fridges.set(fridge.fridgeId, { state, device, faults });
  }

  const tick = () => {
    const nowMs = simulatedNowMs();
    for (const running of fridges.values()) advance(running, nowMs, withTimestamps, truthWriter);
  };

  for (const running of fridges.values()) {
    const { state, device } = running;
    // Real firmware reports the reed switch once at boot, so the door is known before the first visit.
    if (state.fridge.kind === 'fridge') {
      device.send(
        {
          atMs: state.nowMs,
          fridgeId: state.fridge.fridgeId,
          value: { kind: 'door', open: doorIsOpen(state) },
        },
        withTimestamps,
      );
    }
    // The history before the start, if any, waits in the buffer for the first connection.
    advance(running, simStartMs, withTimestamps, truthWriter);
    device.setLinkUp(!faultActive(running.faults, 'deviceOffline', simStartMs));
    device.start();
  }
  const timer = setInterval(() => {
    // Inside the server's demo mode: a bug here must not take the server down.
    try {
      tick();
    } catch (error) {
      logger.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'simulation step failed',
      );
    }
  }, options.tickMs ?? 500);
  logger.info(
    { fridges: fridges.size, speed, seed, profile: profile.name, mqttUrl: options.mqttUrl },
    'simulation started',
  );

  let stopped: Promise<void> | null = null;
  const stop = async () => {
    clearInterval(timer);
    await Promise.all([...fridges.values()].map(({ device }) => device.stop()));
    await truthWriter?.close();
    logger.info({}, 'simulation stopped');
  };
  return {
    stop: () => {
      stopped ??= stop();
      return stopped;
    },
    truth: (fridgeId) => {
      const running = fridges.get(fridgeId);
      return running ? fridgeTruth(running.state) : undefined;
    },
    stats: () => [...fridges.values()].map(({ device }) => device.stats()),
  };
}
