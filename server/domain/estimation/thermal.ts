import type { FridgeTemperature, ShelfTrack, ThermalTrack, TimedKg } from './types';

/**
 * A load cell reads heavier or lighter as it warms (the issue: 1-7 g/°C). Opening the door warms
 * the air by several degrees, so without a correction every session would read a phantom change
 * on every shelf and a busy evening would hold the stock tens of grams high per shelf.
 *
 * The coefficient is learned per shelf where the stock cannot change: between sessions, the
 * shelf's readings are regressed on the air temperature within each such stretch (so the stretch's
 * own stock drops out), pooled over stretches, and shrunk toward zero by its standard error. A
 * fridge without a probe (a pantry) keeps a coefficient of zero.
 */

/** A temperature older than this says nothing about the air now... */
export const TEMPERATURE_MAX_AGE_MS = 5 * 60_000;
/** ...and to learn from, it must be this fresh (the air changes by degrees in minutes after a session). */
const LEARNING_MAX_AGE_MS = 60_000;
/** Without this much temperature spread (°C² over readings), the coefficient stays at zero. */
const MIN_SPREAD = 200;
/** Beyond the 1-7 g/°C with a wide margin: a larger fit is a fault, not physics. */
const MAX_KG_PER_CELSIUS = 0.02;
/** Stretches shorter than this carry too little temperature change to be worth their noise. */
const MIN_STRETCH_READINGS = 10;

export const newThermalTrack = (): ThermalTrack => ({
  tt: 0,
  xt: 0,
  xx: 0,
  readings: 0,
  stretches: 0,
  open: null,
  kgPerCelsius: 0,
});

export const cloneThermalTrack = (track: ThermalTrack): ThermalTrack => ({
  ...track,
  open: track.open ? { ...track.open } : null,
});

/** The air temperature if it is fresh at `atMs`. */
export function freshCelsius(temperature: FridgeTemperature | null, atMs: number): number | null {
  if (!temperature || Math.abs(atMs - temperature.atMs) > TEMPERATURE_MAX_AGE_MS) return null;
  return temperature.celsius;
}

/** What the shelf's cell reads extra because of the temperature, kg (subtract it from a reading). */
export function thermalOffsetKg(
  shelf: ShelfTrack,
  temperature: FridgeTemperature | null,
  atMs: number,
): number {
  const celsius = freshCelsius(temperature, atMs);
  if (celsius === null || !temperature) return 0;
  return shelf.thermal.kgPerCelsius * (celsius - temperature.referenceCelsius);
}

/**
 * One reading (already corrected, as stored) of a shelf whose stock stands still: learned from
 * with the air temperature it was taken at, if that is known closely enough.
 */
export function recordThermalSample(
  shelf: ShelfTrack,
  reading: TimedKg,
  temperature: FridgeTemperature | null,
): void {
  if (!temperature || Math.abs(reading.atMs - temperature.atMs) > LEARNING_MAX_AGE_MS) return;
  const track = shelf.thermal;
  const celsius = temperature.celsius;
  const rawKg = reading.kg + track.kgPerCelsius * (celsius - temperature.referenceCelsius);
  const open = track.open ?? { x0: rawKg, t0: celsius, n: 0, x: 0, t: 0, xx: 0, tt: 0, xt: 0 };
  const x = rawKg - open.x0;
  const t = celsius - open.t0;
  open.n += 1;
  open.x += x;
  open.t += t;
  open.xx += x * x;
  open.tt += t * t;
  open.xt += x * t;
  track.open = open;
}

/** The stock may change now (a session): the stretch joins the pool. */
function closeStretch(track: ThermalTrack): void {
  const open = track.open;
  track.open = null;
  if (!open || open.n < MIN_STRETCH_READINGS) return;
  track.tt += open.tt - (open.t * open.t) / open.n;
  track.xt += open.xt - (open.x * open.t) / open.n;
  track.xx += open.xx - (open.x * open.x) / open.n;
  track.readings += open.n;
  track.stretches += 1;
}

function fittedKgPerCelsius(track: ThermalTrack): number {
  if (track.tt < MIN_SPREAD) return 0;
  const slope = track.xt / track.tt;
  const freedom = Math.max(1, track.readings - track.stretches - 1);
  const residual = Math.max(0, track.xx - slope * track.xt) / freedom;
  const variance = residual / track.tt;
  // Shrunk toward zero by its standard error, like the drift rate.
  const shrink = slope === 0 ? 0 : Math.max(0, 1 - variance / slope ** 2);
  return Math.max(-MAX_KG_PER_CELSIUS, Math.min(MAX_KG_PER_CELSIUS, slope * shrink));
}

/**
 * Ends the stretch (a session is starting) and refits the coefficient. The shelf's stored
 * readings and levels are corrected readings; they are re-expressed with the new coefficient at
 * the current temperature, the empty reading with them, so that the stock does not jump.
 */
export function refitThermal(shelf: ShelfTrack, temperature: FridgeTemperature | null, atMs: number): void {
  const track = shelf.thermal;
  closeStretch(track);
  const next = fittedKgPerCelsius(track);
  const change = next - track.kgPerCelsius;
  track.kgPerCelsius = next;
  const celsius = freshCelsius(temperature, atMs);
  if (change === 0 || celsius === null || !temperature) return;
  const shiftKg = -change * (celsius - temperature.referenceCelsius);
  if (shelf.levelKg !== null) shelf.levelKg += shiftKg;
  shelf.emptyKg += shiftKg;
  shelf.recent = shelf.recent.map((r) => ({ atMs: r.atMs, kg: r.kg + shiftKg }));
}

/** A fault or a calibration: the stretch in progress is not to be trusted. */
export function discardThermalStretch(track: ThermalTrack): void {
  track.open = null;
}
