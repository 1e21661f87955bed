import { startSimulation } from '../../firmware-sim';
import { type BehaviourProfile, DEMO_PROFILE, STILL_PROFILE } from '../../firmware-sim/profiles';
import { systemClock } from '../clock';
import type { Logger } from '../logger';
import type { DemoSiteParts, Simulation } from '../system';
import { DEMO_INCIDENTS, INCIDENT_PLANS, incidentOf, startDemoAcknowledger } from './demoIncidents';
import type { DemoDevice } from './demoSite';

/**
 * The demo site's visits: the simulator's demo profile, slowed to a visit every 4-10 min per
 * fridge with doors open 5-15 s (a 10 s opening warms the air by ~1.5 °C, back under 5 °C in a
 * few minutes, by the model in firmware-sim/airTemperature.ts), so the fridges read 3-5 °C like
 * real ones and no alert fires; about 40 visits an hour over the site still move the levels.
 */
export const DEMO_SITE_PROFILE: BehaviourProfile = {
  ...DEMO_PROFILE,
  name: 'demo-site',
  visits: { kind: 'regular', gapMs: { min: 4 * 60_000, max: 10 * 60_000 } },
  restocks: { kind: 'hourly', perHourByHour: new Array<number>(24).fill(1) },
  visitDurationMs: { min: 5_000, max: 15_000 },
  restockDurationMs: { min: 15_000, max: 30_000 },
  takenKg: { min: 0.5, max: 2.5 },
};

const UNWEIGHED_SHELVES = [{ id: 'inside', tareKg: 0, capacityKg: 15 }];

/**
 * Runs the demo site's devices in this process, as real MQTT clients with the credentials the
 * organiser path issued. Real time (speed 1, so readings carry `ts`), with the 'demo' profile:
 * visits every few minutes per fridge, short enough that the fridges stay cold (3-5 °C) and
 * no alert fires, frequent enough that a first-time visitor sees the levels move. Two fridges
 * play incidents instead (demoIncidents.ts) through the simulator's fault injection: a door left
 * open and a power cut, which the demo organiser acknowledges (when the alerts module runs).
 */
export async function startDemoSimulation(
  devices: DemoDevice[],
  logger: Logger,
  site?: DemoSiteParts,
): Promise<Simulation> {
  // Listening before the incidents start: the power cut turns critical as soon as its buffer lands.
  const acknowledger =
    site?.alerts && devices.some((d) => d.fridge.id === DEMO_INCIDENTS.powerCut)
      ? startDemoAcknowledger({ bus: site.bus, clock: site.clock, alerts: site.alerts, logger })
      : null;
  const clock = site?.clock ?? systemClock;
  const simulation = await startSimulation({
    mqttUrl: devices[0]?.registration.mqttUrl ?? 'mqtt://127.0.0.1:1883',
    profile: DEMO_SITE_PROFILE,
    speed: 1,
    clock,
    seed: clock.nowMs() % 2 ** 31,
    logger,
    fridges: devices.map(({ fridge, registration, topic }) => {
      const incident = incidentOf(fridge.id);
      return {
        fridgeId: fridge.id,
        kind: fridge.kind,
        // A fridge nobody weighs still holds food: the model stocks it, its device sends no weights.
        shelves: fridge.shelves.length > 0 ? fridge.shelves : UNWEIGHED_SHELVES,
        ...(fridge.format ? { format: fridge.format, ...(topic ? { topic } : {}) } : {}),
        device: {
          deviceId: registration.deviceId,
          username: registration.username,
          password: registration.password,
        },
        // Nobody visits a fridge with an incident: its alerts come from the fault alone.
        ...(incident ? { profile: STILL_PROFILE, ...INCIDENT_PLANS[incident] } : {}),
      };
    }),
  });
  logger.info({ incidents: DEMO_INCIDENTS }, 'demo incidents started');
  return {
    stop: async () => {
      acknowledger?.stop();
      await simulation.stop();
    },
  };
}
