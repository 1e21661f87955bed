import { LIMITS } from '../contract';
import { gaussian, type Range, type Rng, uniform } from './prng';

/**
 * An HX711 load cell amplifier under a shelf. Figures come from the issue that specified the
 * simulator, which summarises hobbyist HX711 measurements: gaussian noise of ~5-20 g per reading,
 * slow drift of ~2 g per 12-15 min, and a temperature coefficient of 1-7 g/°C.
 */
export const LOAD_CELL = {
  /** Standard deviation of one reading's noise; each cell draws its own from this range. */
  noiseSigmaKg: { min: 0.005, max: 0.02 },
  /** Drift is a random walk whose spread reaches ~2 g after 13.5 min (the middle of 12-15 min). */
  driftSigmaKgPerSqrtMs: 0.002 / Math.sqrt(13.5 * 60_000),
  /** Each cell draws its own coefficient from this range (g/°C, stored in kg/°C). */
  tempCoKgPerCelsius: { min: 0.001, max: 0.007 },
  /** Occasional garbage readings (bit errors on the serial line, a knock on the fridge). */
  spikeProbability: 0.003,
  spikeKg: { min: 0.5, max: 8 },
  /** With the door open, a hand rests on a shelf being used in this share of its readings... */
  handsOnActiveShelfProbability: 0.6,
  /** ...and on any other shelf in this share (moving things aside). */
  handsOnOtherShelfProbability: 0.15,
  /** A hand pressing on the shelf adds this much... */
  pressKg: { min: 0.2, max: 3 },
  /** ...and an item half lifted removes up to this much, never more than is on the shelf. */
  partialLiftMaxKg: 1,
} as const;

/** How often a shelf is weighed: every ~5-10 s (the figure), jittered like a busy MCU. */
export const WEIGHT_INTERVAL_MS: Range = { min: 5_000, max: 10_000 };

/** The per-cell constants drawn once when the shelf is installed. */
export interface LoadCellCharacter {
  noiseSigmaKg: number;
  tempCoKgPerCelsius: number;
}

export function drawLoadCellCharacter(rng: Rng): LoadCellCharacter {
  return {
    noiseSigmaKg: uniform(rng, LOAD_CELL.noiseSigmaKg.min, LOAD_CELL.noiseSigmaKg.max),
    tempCoKgPerCelsius: uniform(rng, LOAD_CELL.tempCoKgPerCelsius.min, LOAD_CELL.tempCoKgPerCelsius.max),
  };
}

/** Drift after `elapsedMs` more of random walk. */
export function driftAfterKg(rng: Rng, driftKg: number, elapsedMs: number): number {
  if (elapsedMs <= 0) return driftKg;
  return driftKg + gaussian(rng, 0, LOAD_CELL.driftSigmaKgPerSqrtMs * Math.sqrt(elapsedMs));
}

export interface LoadCellInput {
  tareKg: number;
  stockKg: number;
  driftKg: number;
  character: LoadCellCharacter;
  /** Air temperature minus the temperature the cell was calibrated at. */
  celsiusFromCalibration: number;
  /** Probability that a hand disturbs this reading (0 while the door is closed). */
  handsOnShelfProbability: number;
}

/** One gross reading in kg, as the firmware would report it: tare included, in whole grams. */
export function readLoadCellKg(rng: Rng, input: LoadCellInput): number {
  const { character } = input;
  let kg =
    input.tareKg +
    input.stockKg +
    input.driftKg +
    character.tempCoKgPerCelsius * input.celsiusFromCalibration +
    gaussian(rng, 0, character.noiseSigmaKg);
  if (rng.next() < input.handsOnShelfProbability) {
    kg +=
      rng.next() < 0.7
        ? uniform(rng, LOAD_CELL.pressKg.min, LOAD_CELL.pressKg.max)
        : -uniform(rng, 0, Math.min(LOAD_CELL.partialLiftMaxKg, input.stockKg));
  }
  if (rng.next() < LOAD_CELL.spikeProbability) {
    const spikeKg = uniform(rng, LOAD_CELL.spikeKg.min, LOAD_CELL.spikeKg.max);
    kg += rng.next() < 0.5 ? spikeKg : -spikeKg;
  }
  // Kept inside the contract's limits: the simulator exercises the estimator, not the refusals.
  const clamped = Math.min(LIMITS.maxKg, Math.max(LIMITS.minKg, kg));
  return Math.round(clamped * 1000) / 1000;
}
