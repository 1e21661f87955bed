import type { ShelfStatus } from '../../../contract/api';
import { formatKg } from '../format';
import { type Checked, parseDecimal } from './forms';
import { LIMITS } from './fridge-form';

/**
 * Calibrating a shelf from the organiser screen: what its load cell reads now, whether "Tare now"
 * and "Mark full" can do anything with that, and the capacity as typed. The server's estimator
 * does the calibration (POST .../shelves/{id}/tare, /mark-full, /capacity; docs/estimation.md).
 */

/** Why an action cannot run now, in words for the volunteer; null when it can. */
export function tareBlocker(shelf: ShelfStatus): string | null {
  return shelf.grossKg === null ? 'No reading from this shelf yet: connect its scale first.' : null;
}

export function markFullBlocker(shelf: ShelfStatus): string | null {
  if (shelf.grossKg === null) return 'No reading from this shelf yet: connect its scale first.';
  // The estimator takes "full" as the reading above the tare; nothing above it is no capacity.
  if (shelf.grossKg <= shelf.tareKg) {
    return `The scale reads ${formatKg(shelf.grossKg)}, not more than the tare (${formatKg(shelf.tareKg)}): fill the shelf first.`;
  }
  return null;
}

/** "Reads 7.1 kg: 5 kg of food over a 2.1 kg tare". */
export function readingWords(shelf: ShelfStatus): string {
  if (shelf.grossKg === null) return 'No reading yet';
  const foodKg = Math.max(0, shelf.grossKg - shelf.tareKg);
  return `Reads ${formatKg(shelf.grossKg)}: ${formatKg(foodKg)} of food over a ${formatKg(shelf.tareKg)} tare`;
}

/** The capacity field: more than 0 and at most the contract's limit, decimal comma allowed. */
export function checkCapacity(text: string): Checked<number> {
  const { min, max } = LIMITS.capacityKg;
  const kg = parseDecimal(text);
  if (text.trim() === '')
    return { ok: false, errors: { capacityKg: 'Enter how many kg of food the shelf holds when full.' } };
  if (kg === null) return { ok: false, errors: { capacityKg: 'Enter a number of kg, e.g. 20.' } };
  if (kg <= min || kg > max)
    return { ok: false, errors: { capacityKg: `More than ${min} and at most ${max} kg.` } };
  return { ok: true, value: kg };
}
