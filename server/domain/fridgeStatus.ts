import type { FridgeKind, FridgeStatus, LevelThresholds } from '../../contract/api';
import { isoTime } from '../clock';
import type { FridgeState } from './fridgeState';
import { netShelfKg, percentOfCapacity, roundTo, type ShelfSpec, stockLevel } from './stock';

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
}

/** Turns the stored state into the status a neighbour reads (API, SSE and MQTT `state`). */
export function describeFridge(
  fridge: FridgeDefinition,
  state: FridgeState,
  defaultLevels: LevelThresholds,
): FridgeStatus {
  const levels = fridge.levels ?? defaultLevels;
  const shelves = fridge.shelves.map((shelf) => {
    const reading = state.shelves[shelf.id];
    const kg = reading ? roundTo(netShelfKg(reading.grossKg, shelf), 3) : null;
    return {
      id: shelf.id,
      tareKg: shelf.tareKg,
      capacityKg: shelf.capacityKg,
      kg,
      percent: kg === null ? null : roundTo(percentOfCapacity(kg, shelf.capacityKg), 1),
      asOf: isoTime(reading?.measuredAtMs ?? null),
    };
  });
  const capacityKg = fridge.shelves.reduce((sum, s) => sum + s.capacityKg, 0);
  const measured = fridge.shelves.flatMap((s) =>
    state.shelves[s.id] ? [{ s, r: state.shelves[s.id] }] : [],
  );
  let stock: FridgeStatus['stock'] = { kg: null, capacityKg, percent: null, level: null, asOf: null };
  if (measured.length > 0) {
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
    };
  }
  const devices = fridge.deviceIds.map((id) => {
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
  return {
    id: fridge.id,
    name: fridge.name,
    kind: fridge.kind,
    address: fridge.address,
    simulated: fridge.simulated,
    online: devices.some((d) => d.online),
    lastSeen: isoTime(state.lastSeenMs),
    stock,
    temperature: {
      celsius: state.temperature ? roundTo(state.temperature.celsius, 2) : null,
      asOf: isoTime(state.temperature?.measuredAtMs ?? null),
    },
    door: { open: state.door?.open ?? null, since: isoTime(state.door?.sinceMs ?? null) },
    shelves,
    devices,
    levels,
  };
}
