import type { FridgeStatus } from '../../contract/api';

/** A fridge as the server describes it; override what a test is about. */
export function makeFridge(overrides: Partial<FridgeStatus> = {}): FridgeStatus {
  return {
    id: 'main-st',
    name: 'Main St fridge',
    kind: 'fridge',
    address: '12 Main St',
    simulated: false,
    online: true,
    lastSeen: '2025-06-01T12:00:00.000Z',
    stock: { kg: 12.4, capacityKg: 40, percent: 31, level: 'few', asOf: '2025-06-01T11:59:00.000Z' },
    temperature: { celsius: 4.2, asOf: '2025-06-01T11:58:00.000Z' },
    door: { open: false, since: '2025-06-01T10:00:00.000Z' },
    shelves: [
      { id: 'top', tareKg: 2, capacityKg: 20, kg: 6.2, percent: 31, asOf: '2025-06-01T11:59:00.000Z' },
      { id: 'bottom', tareKg: 2, capacityKg: 20, kg: 6.2, percent: 31, asOf: '2025-06-01T11:59:30.000Z' },
    ],
    devices: [
      {
        id: 'scale-1',
        online: true,
        battery: 0.87,
        rssi: -67,
        firmware: '1.2.0',
        lastSeen: '2025-06-01T12:00:00.000Z',
        clockSkew: false,
      },
    ],
    levels: { emptyBelowPercent: 10, fewBelowPercent: 45, manyBelowPercent: 80 },
    ...overrides,
  };
}

export const NOON_MS = Date.parse('2025-06-01T12:00:00.000Z');
