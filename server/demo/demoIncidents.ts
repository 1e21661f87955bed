import mqtt, { type MqttClient } from 'mqtt';
import { AIR, fridgeAirAfterCelsius } from '../../firmware-sim/airTemperature';
import { type Clock, systemClock } from '../clock';
import type { BusEvents, EventBus } from '../eventBus';
import type { AlertsFeature } from '../features/alerts/alertsFeature';
import type { Logger } from '../logger';
import type { DemoDevice } from './demoSite';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
/** How often a scripted probe reports, like the simulator's (firmware-sim/airTemperature.ts). */
const PROBE_INTERVAL_MS = 30 * SECOND_MS;

/**
 * The demo's two scripted incidents, one per fridge, so a first visit shows the whole alert
 * chain within minutes of `npm start`:
 * - `doorLeftOpen`: the door is left open 1 min after start and closed 6 min later: a door
 *   warning at 4 min, cleared at 7 min, resolved after the hold time. The air warms while it
 *   stands open, but inside the recovery window: no temperature alert.
 * - `powerCut`: the fridge lost power 2 h 15 min before start; its sensor ran on battery while
 *   the Wi-Fi router was down, and uploads its buffer at start. Judged in measured time, the
 *   buffered readings raise a warning and then a critical alert at once, named a power cut
 *   (a steady rise, door shut); the demo organiser acknowledges it 5 min later, noting where the
 *   food went (`startDemoAcknowledger`); power comes back 20 min after start and the fridge cools
 *   down, so the alert resolves with that action in the temperature log.
 */
export const DEMO_INCIDENTS = { doorLeftOpen: 'station-way', powerCut: 'oak-ave' } as const;
export type IncidentKind = keyof typeof DEMO_INCIDENTS;

const DOOR_OPENS_AT_MS = 1 * MINUTE_MS;
const DOOR_CLOSES_AT_MS = 7 * MINUTE_MS;
/** A room at 21 °C. */
const ROOM_CELSIUS = 21;

const POWER_LOST_BEFORE_START_MS = 135 * MINUTE_MS;
const BUFFER_FROM_BEFORE_START_MS = 150 * MINUTE_MS;
const POWER_BACK_AT_MS = 20 * MINUTE_MS;
/** A closed fridge without power warms by about 3 °C an hour (contents buffer it). */
const WARMING_CELSIUS_PER_HOUR = 3;
/** With power back, the compressor pulls it down with a half-hour time constant. */
const COOLING_TAU_MS = 30 * MINUTE_MS;

/** Door state at `elapsedMs` after start. */
export function incidentDoorOpen(kind: IncidentKind, elapsedMs: number): boolean {
  return kind === 'doorLeftOpen' && elapsedMs >= DOOR_OPENS_AT_MS && elapsedMs < DOOR_CLOSES_AT_MS;
}

/** The air temperature at `elapsedMs` after start (negative: before start, from the buffer). */
export function incidentCelsius(kind: IncidentKind, elapsedMs: number): number {
  const setpoint = AIR.setpointCelsius;
  if (kind === 'doorLeftOpen') {
    if (elapsedMs < DOOR_OPENS_AT_MS) return setpoint;
    const openFor = Math.min(elapsedMs, DOOR_CLOSES_AT_MS) - DOOR_OPENS_AT_MS;
    const atClose = fridgeAirAfterCelsius(setpoint, true, ROOM_CELSIUS, openFor);
    if (elapsedMs < DOOR_CLOSES_AT_MS) return atClose;
    return fridgeAirAfterCelsius(atClose, false, ROOM_CELSIUS, elapsedMs - DOOR_CLOSES_AT_MS);
  }
  const warmingMs = Math.min(elapsedMs, POWER_BACK_AT_MS) + POWER_LOST_BEFORE_START_MS;
  if (warmingMs <= 0) return setpoint;
  const warmest = setpoint + (WARMING_CELSIUS_PER_HOUR * warmingMs) / (60 * MINUTE_MS);
  if (elapsedMs < POWER_BACK_AT_MS) return warmest;
  return setpoint + (warmest - setpoint) * Math.exp(-(elapsedMs - POWER_BACK_AT_MS) / COOLING_TAU_MS);
}

/** The buffered readings the power-cut sensor uploads at start: elapsed times, one a minute. */
export function bufferedElapsedTimes(kind: IncidentKind): number[] {
  if (kind !== 'powerCut') return [];
  const times: number[] = [];
  for (let t = -BUFFER_FROM_BEFORE_START_MS; t < 0; t += MINUTE_MS) times.push(t);
  return times;
}

const round = (celsius: number) => Math.round(celsius * 16) / 16;

export interface DemoIncidents {
  stop(): Promise<void>;
}

/**
 * Plays the incidents live on the fridges' own device credentials, stamped by `clock` (the
 * system's: the wall clock on a real start, a test's clock in tests).
 */
export async function startDemoIncidents(
  devices: DemoDevice[],
  logger: Logger,
  clock: Clock = systemClock,
): Promise<DemoIncidents> {
  const startMs = clock.nowMs();
  const running: Array<{ client: MqttClient; timer: NodeJS.Timeout }> = [];
  for (const [kind, fridgeId] of Object.entries(DEMO_INCIDENTS) as Array<[IncidentKind, string]>) {
    const device = devices.find((d) => d.fridge.id === fridgeId);
    if (!device) continue;
    const { registration, fridge } = device;
    const client = mqtt.connect(registration.mqttUrl, {
      username: registration.username,
      password: registration.password,
      clientId: registration.username,
      protocolVersion: 4,
      clean: false,
      reconnectPeriod: 1000,
      will: {
        topic: registration.topics.status,
        payload: Buffer.from('{"online":false}'),
        qos: 1,
        retain: true,
      },
    });
    client.on('error', (err) => logger.warn({ err: err.message, fridgeId }, 'demo incident device error'));
    const publish = (topic: string, body: Record<string, unknown>, ts: number) => {
      client.publish(topic, JSON.stringify({ ...body, ts }), { qos: 1 });
    };
    let lastDoor: boolean | null = null;
    const report = () => {
      const elapsedMs = clock.nowMs() - startMs;
      const open = incidentDoorOpen(kind, elapsedMs);
      if (open !== lastDoor) {
        publish(registration.topics.door, { open }, startMs + elapsedMs);
        lastDoor = open;
      }
      publish(
        registration.topics.temperature,
        { celsius: round(incidentCelsius(kind, elapsedMs)) },
        startMs + elapsedMs,
      );
    };
    client.once('connect', () => {
      publish(registration.topics.status, { online: true, battery: 0.82, rssi: -64 }, clock.nowMs());
      // Shelves about half full; the stock does not move on a scripted fridge.
      for (const shelf of fridge.shelves)
        publish(
          registration.topics.shelves[shelf.id] ?? '',
          { kg: shelf.tareKg + shelf.capacityKg / 2 },
          startMs,
        );
      for (const t of bufferedElapsedTimes(kind))
        publish(registration.topics.temperature, { celsius: round(incidentCelsius(kind, t)) }, startMs + t);
      report();
    });
    const timer = setInterval(report, PROBE_INTERVAL_MS);
    timer.unref();
    running.push({ client, timer });
  }
  logger.info({ incidents: DEMO_INCIDENTS }, 'demo incidents started');
  return {
    stop: async () => {
      for (const { client, timer } of running) {
        clearInterval(timer);
        await client.endAsync();
      }
    },
  };
}

/** The demo organiser acknowledges the power cut's critical alert this long after it turned critical. */
export const DEMO_ACK_AFTER_MS = 5 * MINUTE_MS;
/** Who acknowledges and the action noted, as an organiser would type it (the demo volunteers' names). */
export const DEMO_ACKNOWLEDGEMENT = {
  by: 'Demo organiser',
  note: 'Moved the food to the Elm St fridge',
} as const;

/**
 * When the demo organiser acknowledges an alert, decided from one `alertChanged` event: the
 * scripted fridge's `tooWarm` alert turning critical and still unacknowledged, `DEMO_ACK_AFTER_MS`
 * later; null for every other event. Pure, so the schedule is tested without a clock.
 */
export function demoAcknowledgementDue(
  event: BusEvents['alertChanged'],
  nowMs: number,
  fridgeId: string = DEMO_INCIDENTS.powerCut,
): number | null {
  if (event.fridgeId !== fridgeId || event.type !== 'tooWarm') return null;
  if (event.severity !== 'critical' || event.status !== 'active') return null;
  if (event.change !== 'raised' && event.change !== 'escalated') return null;
  return nowMs + DEMO_ACK_AFTER_MS;
}

export interface DemoAcknowledger {
  /** Acknowledges every alert whose moment has come (the timer calls this; tests may too). */
  runDue(): void;
  stop(): void;
}

/** How often the acknowledger looks at its schedule: the ack lands within this of its moment. */
const ACK_POLL_MS = 5 * SECOND_MS;

/**
 * The demo organiser, completing the power cut's chain (warning → critical → acknowledged):
 * listens on the bus for the critical alert and acknowledges it through `AlertsFeature.acknowledge`,
 * the path the organiser API and the notice's link take. Time comes from the injected clock.
 */
export function startDemoAcknowledger(options: {
  bus: EventBus;
  clock: Clock;
  alerts: Pick<AlertsFeature, 'acknowledge' | 'alerts'>;
  logger: Logger;
  fridgeId?: string;
}): DemoAcknowledger {
  const { bus, clock, alerts, logger } = options;
  const fridgeId = options.fridgeId ?? DEMO_INCIDENTS.powerCut;
  const due = new Map<string, number>();
  // A demo restarted on the same data: a critical alert left unacknowledged is picked up too.
  for (const alert of alerts.alerts({ status: 'active', fridgeId, limit: 100 })) {
    const at = demoAcknowledgementDue(
      { ...alert, alertId: alert.id, change: 'raised' },
      clock.nowMs(),
      fridgeId,
    );
    if (at !== null) due.set(alert.id, at);
  }
  const off = bus.on('alertChanged', 'demo', (event) => {
    const at = demoAcknowledgementDue(event, clock.nowMs(), fridgeId);
    if (at !== null && !due.has(event.alertId)) due.set(event.alertId, at);
  });
  const runDue = () => {
    const nowMs = clock.nowMs();
    for (const [alertId, at] of due) {
      if (at > nowMs) continue;
      due.delete(alertId);
      const result = alerts.acknowledge(alertId, DEMO_ACKNOWLEDGEMENT.by, DEMO_ACKNOWLEDGEMENT.note);
      if (result.ok) logger.info({ alertId, fridgeId }, 'demo organiser acknowledged the power cut');
    }
  };
  const timer = setInterval(runDue, ACK_POLL_MS);
  timer.unref();
  return {
    runDue,
    stop: () => {
      clearInterval(timer);
      off();
    },
  };
}
