import type { FaultSpec } from '../../firmware-sim';
import type { Clock } from '../clock';
import type { BusEvents, EventBus } from '../eventBus';
import type { AlertsFeature } from '../features/alerts/alertsFeature';
import type { Logger } from '../logger';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;

/**
 * The demo's two incidents, one per fridge, played by the device simulator's fault injection
 * (firmware-sim/faults.ts) on fridges nobody visits (the 'still' profile), so a first visit shows
 * the whole alert chain within minutes of `npm start`:
 * - `doorLeftOpen`: the door is left open 1 min after start and closed 6 min later: a door
 *   warning at 4 min, resolved 2 min after it shut (9 min). The air warms while it stands open,
 *   but inside the air probe's recovery window: no temperature alert.
 * - `powerCut`: the fridge lost power 2 h 45 min before start; its sensor, cut off from the
 *   network since 3 h 15 min before start, uploads what it measured when it connects at start
 *   (`historyMs`). Long enough that even in a 19 °C room at night (slowest warming) the air
 *   has been above 8 °C for 30 min before the start; the sensor's boot 30 min before the cut
 *   (it reports the door shut) leaves the rise outside the air probe's recovery window. Judged in measured time, the readings raise a warning and then a critical
 *   alert at once, named a power cut (a steady rise, door shut); the demo organiser acknowledges
 *   it 5 min later (`startDemoAcknowledger`); power comes back 20 min after start and the fridge
 *   cools down, so the alert resolves with that action in the temperature log.
 */
export const DEMO_INCIDENTS = { doorLeftOpen: 'station-way', powerCut: 'oak-ave' } as const;
export type IncidentKind = keyof typeof DEMO_INCIDENTS;

export interface IncidentPlan {
  /** How long before the start the fridge was simulated, its sensor cut off (see `SimulationFridge`). */
  historyMs: number;
  faults: FaultSpec[];
}

export const INCIDENT_PLANS: Readonly<Record<IncidentKind, IncidentPlan>> = {
  doorLeftOpen: {
    historyMs: 0,
    faults: [{ kind: 'doorLeftOpen', startAfterMs: 1 * MINUTE_MS, durationMs: 6 * MINUTE_MS }],
  },
  powerCut: {
    historyMs: 195 * MINUTE_MS,
    faults: [{ kind: 'powerCut', startAfterMs: -165 * MINUTE_MS, durationMs: 185 * MINUTE_MS }],
  },
};

/** The incident a demo fridge plays, if any. */
export function incidentOf(fridgeId: string): IncidentKind | null {
  for (const [kind, id] of Object.entries(DEMO_INCIDENTS) as Array<[IncidentKind, string]>)
    if (id === fridgeId) return kind;
  return null;
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
