import { startSimulation } from '../../firmware-sim';
import type { Logger } from '../logger';
import type { Simulation } from '../system';
import type { DemoDevice } from './demoSite';

/**
 * Runs the demo site's devices in this process, as real MQTT clients with the credentials the
 * organiser path issued. Real time (speed 1, so readings carry `ts`), with the 'demo' profile:
 * a visit somewhere every few seconds, so a first-time visitor sees the dashboard move.
 */
export async function startDemoSimulation(devices: DemoDevice[], logger: Logger): Promise<Simulation> {
  return startSimulation({
    mqttUrl: devices[0]?.registration.mqttUrl ?? 'mqtt://127.0.0.1:1883',
    profile: 'demo',
    speed: 1,
    seed: Date.now() % 2 ** 31,
    logger,
    fridges: devices.map(({ fridge, registration }) => ({
      fridgeId: fridge.id,
      kind: fridge.kind,
      shelves: fridge.shelves,
      device: {
        deviceId: registration.deviceId,
        username: registration.username,
        password: registration.password,
      },
    })),
  });
}
