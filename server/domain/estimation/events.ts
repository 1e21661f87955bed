import type { SensorValue } from '../../../contract/payloads';
import type { EstimatorEvent } from './types';

/**
 * The estimator's event for an accepted device reading, or null for what it does not use (device
 * status). `measuredAtMs` is the reading's resolved measurement time.
 */
export function estimatorEventOf(value: SensorValue, measuredAtMs: number): EstimatorEvent | null {
  switch (value.kind) {
    case 'weight':
      return { type: 'weight', shelfId: value.shelfId, grossKg: value.kg, measuredAtMs };
    case 'door':
      return { type: 'door', open: value.open, measuredAtMs };
    case 'temperature':
      return { type: 'temperature', celsius: value.celsius, measuredAtMs };
    case 'deviceStatus':
      return null;
  }
}
