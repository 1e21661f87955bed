import { LIMITS } from '../contract';
import { gaussian, type Rng } from './prng';

/**
 * Air inside the fridge as a first-order system: it relaxes toward the room while the door is
 * open and toward the setpoint while it is closed. The time constants are assumptions that give
 * familiar numbers (a 30 s opening warms the air by ~4 °C; it recovers in ~20-30 min).
 */
export const AIR = {
  /** 4 °C: a common fridge setting, under the FDA Food Code's 5 °C (41 °F) cold-holding limit. */
  setpointCelsius: 4,
  openTimeConstantMs: 120_000,
  closedTimeConstantMs: 600_000,
  /**
   * Door shut, no cooling (a dead compressor or a power cut): 6 h, so a fridge at 4 °C in a 22 °C
   * room warms by ~3 °C in the first hour and passes 5 °C after ~20 min. An assumption in line
   * with USDA FSIS ("Keep Your Food Safe During Emergencies": a closed fridge keeps food cold for
   * about 4 hours), where food lags the air.
   */
  noCoolingTimeConstantMs: 6 * 3_600_000,
  /** The room around the fridge: mean and daily swing, warmest at 15:00 local time. */
  roomMeanCelsius: 22,
  roomSwingCelsius: 3,
  roomPeakHour: 15,
  /** DS18B20 probe: 12-bit resolution of 0.0625 °C (Maxim datasheet); small extra noise. */
  probeResolutionCelsius: 0.0625,
  probeNoiseSigmaCelsius: 0.05,
} as const;

/** How often the probe is read. */
export const TEMPERATURE_INTERVAL_MS = 30_000;

/** Room temperature at a moment (a daily sine around the mean). */
export function roomCelsiusAt(epochMs: number, utcOffsetMinutes: number): number {
  const msPerDay = 86_400_000;
  const localMs = (((epochMs + utcOffsetMinutes * 60_000) % msPerDay) + msPerDay) % msPerDay;
  const hours = localMs / 3_600_000;
  return (
    AIR.roomMeanCelsius + AIR.roomSwingCelsius * Math.cos((2 * Math.PI * (hours - AIR.roomPeakHour)) / 24)
  );
}

/** Exact solution of dT/dt = (target - T) / tau over `elapsedMs`, target held constant. */
export function relaxCelsius(
  celsius: number,
  targetCelsius: number,
  elapsedMs: number,
  tauMs: number,
): number {
  if (elapsedMs <= 0) return celsius;
  return targetCelsius + (celsius - targetCelsius) * Math.exp(-elapsedMs / tauMs);
}

/**
 * Fridge air `elapsedMs` after a moment at which it was `celsius`, the door and the cooling
 * staying as they were.
 */
export function fridgeAirAfterCelsius(
  celsius: number,
  doorOpen: boolean,
  roomCelsius: number,
  elapsedMs: number,
  { cooling }: { cooling: boolean } = { cooling: true },
): number {
  if (doorOpen) return relaxCelsius(celsius, roomCelsius, elapsedMs, AIR.openTimeConstantMs);
  return cooling
    ? relaxCelsius(celsius, AIR.setpointCelsius, elapsedMs, AIR.closedTimeConstantMs)
    : relaxCelsius(celsius, roomCelsius, elapsedMs, AIR.noCoolingTimeConstantMs);
}

/** One probe reading of the true air temperature. */
export function readProbeCelsius(rng: Rng, airCelsius: number): number {
  const measured = airCelsius + gaussian(rng, 0, AIR.probeNoiseSigmaCelsius);
  const quantised = Math.round(measured / AIR.probeResolutionCelsius) * AIR.probeResolutionCelsius;
  return Math.min(LIMITS.maxCelsius, Math.max(LIMITS.minCelsius, quantised));
}
