import type { Activity, FridgeKind, FridgeStatus, LevelThresholds } from '../../contract/api';
import type { OpeningHours } from '../../contract/openingHours';
import { isOpenAt } from '../../contract/openingHoursRules';
import type { ActiveReport, Location, Needs } from '../../contract/publicSite';
import { isoTime } from '../clock';
import type { TemperatureVerdict } from './alerts/words';
import type { Forecast, StockEstimate } from './estimation';
import type { FridgeState } from './fridgeState';
import { sameListOr, sameOr } from './sameParts';
import { netShelfKg, percentOfCapacity, roundTo, type ShelfSpec, stockLevel } from './stock';

/** What the stock estimator adds to a fridge's status. */
export interface EstimateView {
  estimate: StockEstimate;
  forecast: Forecast | null;
  activity: Activity;
  /** The fridge's shelves whose scales round to 100 g or more, and their steps (shelf id → kg). */
  coarseSteps?: Readonly<Record<string, number>>;
}

const NO_ACTIVITY: Activity = {
  today: { visits: 0, takenKg: 0, addedKg: 0 },
  week: { visits: 0, takenKg: 0, addedKg: 0 },
};

export interface FridgeDefinition {
  id: string;
  name: string;
  kind: FridgeKind;
  address: string | null;
  simulated: boolean;
  shelves: ShelfSpec[];
  /** Per-fridge level cut-offs; null uses the site default. */
  levels: LevelThresholds | null;
  deviceIds: string[];
  /** Where the fridge stands; null until an organiser sets it. */
  location: Location | null;
  /** Weekly hours in the site's zone; null when not stated (contract/openingHours.ts). */
  openingHours: OpeningHours | null;
  needs: Needs;
}

export const NO_NEEDS: Needs = { categories: [], note: null, updatedAt: null };

/** What the public status needs besides the fridge: the site's zone, the time, open reports. */
export interface PublicContext {
  timeZone: string;
  nowMs: number;
  reports: ActiveReport[];
}

type PublicFields = Pick<
  FridgeStatus,
  'location' | 'openingHours' | 'timeZone' | 'openNow' | 'needs' | 'reports'
>;

/** Issue 11's public fields: place, hours and whether open now, needs, open problem reports. */
export function describePublicSite(fridge: FridgeDefinition, context: PublicContext): PublicFields {
  return {
    location: fridge.location,
    openingHours: fridge.openingHours,
    timeZone: context.timeZone,
    openNow: fridge.openingHours ? isOpenAt(fridge.openingHours, context.nowMs, context.timeZone) : null,
    needs: fridge.needs,
    reports: context.reports,
  };
}

/** Turns the stored state into the status a neighbour reads (API, SSE and MQTT `state`). */
export function describeFridge(
  fridge: FridgeDefinition,
  state: FridgeState,
  defaultLevels: LevelThresholds,
  estimateView: EstimateView | null = null,
  temperatureVerdict: TemperatureVerdict | null = null,
  publicContext: PublicContext = { timeZone: 'UTC', nowMs: 0, reports: [] },
  /** The fridge's status before this one: its parts that come out equal are shared (`sameParts.ts`). */
  previous: FridgeStatus | null = null,
): FridgeStatus {
  const levels = fridge.levels ?? defaultLevels;
  const estimate = estimateView?.estimate.kg != null ? estimateView.estimate : null;
  const freshShelves = fridge.shelves.map((shelf) => {
    const lastGross = state.shelves[shelf.id]?.grossKg;
    const grossKg = lastGross === undefined ? null : roundTo(lastGross, 3);
    const estimated = estimate?.shelves.find((e) => e.shelfId === shelf.id);
    if (estimated && estimated.kg !== null) {
      return {
        id: shelf.id,
        tareKg: shelf.tareKg,
        capacityKg: shelf.capacityKg,
        kg: roundTo(estimated.kg, 3),
        percent: estimated.percent === null ? null : roundTo(estimated.percent, 1),
        asOf: isoTime(estimated.asOf),
        grossKg,
        doubtful: estimated.doubtful,
        doubtReason: estimated.doubtReason,
      };
    }
    const reading = state.shelves[shelf.id];
    const kg = reading ? roundTo(netShelfKg(reading.grossKg, shelf), 3) : null;
    return {
      id: shelf.id,
      tareKg: shelf.tareKg,
      capacityKg: shelf.capacityKg,
      kg,
      percent: kg === null ? null : roundTo(percentOfCapacity(kg, shelf.capacityKg), 1),
      asOf: isoTime(reading?.measuredAtMs ?? null),
      grossKg,
      doubtful: false,
      doubtReason: null,
    };
  });
  const shelves = sameListOr(freshShelves, previous?.shelves);
  const capacityKg = fridge.shelves.reduce((sum, s) => sum + s.capacityKg, 0);
  const measured = fridge.shelves.flatMap((s) =>
    state.shelves[s.id] ? [{ s, r: state.shelves[s.id] }] : [],
  );
  let stock: FridgeStatus['stock'] = {
    kg: null,
    capacityKg,
    percent: null,
    level: null,
    asOf: null,
    meals: null,
    uncertaintyKg: null,
    doubtful: false,
  };
  if (estimate && estimate.kg !== null && estimate.percent !== null) {
    // The estimator's figure: door sessions settled, drift absorbed, spikes rejected.
    const percent = roundTo(estimate.percent, 1);
    stock = {
      kg: roundTo(estimate.kg, 2),
      capacityKg,
      percent,
      level: stockLevel(percent, levels),
      asOf: isoTime(estimate.asOf),
      meals: estimate.meals,
      uncertaintyKg: estimate.uncertaintyKg === null ? null : roundTo(estimate.uncertaintyKg, 2),
      doubtful: estimate.doubtful,
    };
  } else if (measured.length > 0) {
    // Before the estimator's first settle: the raw net weight, marked by its missing uncertainty.
    const kg = measured.reduce((sum, { s, r }) => sum + (r ? netShelfKg(r.grossKg, s) : 0), 0);
    // Percent of the shelves that have reported: an unheard shelf is unknown, not empty.
    const measuredCapacityKg = measured.reduce((sum, { s }) => sum + s.capacityKg, 0);
    // The level follows the percent as shown, so "10%" never reads "empty".
    const percent = roundTo(percentOfCapacity(kg, measuredCapacityKg), 1);
    // The total is only as fresh as its stalest shelf.
    const asOfMs = Math.min(...measured.map(({ r }) => r?.measuredAtMs ?? 0));
    stock = {
      kg: roundTo(kg, 2),
      capacityKg,
      percent,
      level: stockLevel(percent, levels),
      asOf: isoTime(asOfMs),
      meals: null,
      uncertaintyKg: null,
      doubtful: false,
    };
  }
  const freshDevices = fridge.deviceIds.map((id) => {
    const d = state.devices[id];
    return {
      id,
      online: d?.online ?? false,
      battery: d?.battery ?? null,
      rssi: d?.rssi ?? null,
      firmware: d?.firmware ?? null,
      lastSeen: isoTime(d?.lastSeenMs ?? null),
      clockSkew: d?.clockSkew ?? false,
    };
  });
  const devices = sameListOr(freshDevices, previous?.devices);
  const forecast = estimateView?.forecast
    ? {
        emptyAt: new Date(estimateView.forecast.emptyAt).toISOString(),
        confidence: roundTo(estimateView.forecast.confidence, 2),
      }
    : null;
  return {
    id: fridge.id,
    name: fridge.name,
    kind: fridge.kind,
    address: fridge.address,
    simulated: fridge.simulated,
    online: devices.some((d) => d.online),
    lastSeen: isoTime(state.lastSeenMs),
    stock: sameOr(stock, previous?.stock),
    temperature: sameOr(
      {
        celsius: state.temperature ? roundTo(state.temperature.celsius, 2) : null,
        asOf: isoTime(state.temperature?.measuredAtMs ?? null),
        // Without the alert rules running, nobody judged it: unknown, never a guess from one reading.
        status: temperatureVerdict?.status ?? 'unknown',
        since: isoTime(temperatureVerdict?.sinceMs ?? null),
        text: temperatureVerdict?.text ?? null,
        reason: temperatureVerdict?.reason ?? null,
      },
      previous?.temperature,
    ),
    door: sameOr(
      { open: state.door?.open ?? null, since: isoTime(state.door?.sinceMs ?? null) },
      previous?.door,
    ),
    shelves,
    devices,
    levels,
    forecast: forecast && sameOr(forecast, previous?.forecast),
    activity: estimateView?.activity ?? NO_ACTIVITY,
    ...describePublicSite(fridge, publicContext),
  };
}
