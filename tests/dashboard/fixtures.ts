import type { FridgeStatus } from '../../contract/api';
import type { RestockRequestView } from '../../contract/restock';

const shelf = {
  tareKg: 2,
  capacityKg: 20,
  kg: 6.2,
  percent: 31,
  grossKg: 8.2,
  doubtful: false,
  doubtReason: null,
};

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
    stock: {
      kg: 12.4,
      capacityKg: 40,
      percent: 31,
      level: 'few',
      asOf: '2025-06-01T11:59:00.000Z',
      meals: 24,
      uncertaintyKg: 0.3,
      doubtful: false,
    },
    forecast: null,
    activity: {
      today: { visits: 5, takenKg: 4.1, addedKg: 6 },
      week: { visits: 41, takenKg: 38.5, addedKg: 40.2 },
    },
    temperature: { celsius: 4.2, asOf: '2025-06-01T11:58:00.000Z', status: 'ok', since: null, text: null },
    door: { open: false, since: '2025-06-01T10:00:00.000Z' },
    shelves: [
      { ...shelf, id: 'top', asOf: '2025-06-01T11:59:00.000Z' },
      { ...shelf, id: 'bottom', asOf: '2025-06-01T11:59:30.000Z' },
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
    location: { lat: 51.5072, lon: -0.1276 },
    openingHours: { mo: [{ from: '08:00', to: '20:00' }], sa: [{ from: '10:00', to: '14:00' }] },
    timeZone: 'UTC',
    openNow: false,
    needs: { categories: ['produce', 'bread'], note: null, updatedAt: '2025-06-01T09:00:00.000Z' },
    reports: [],
    ...overrides,
  };
}

export const NOON_MS = Date.parse('2025-06-01T12:00:00.000Z');

/** An open restock request of the fixture fridge, as the public list sends it (no names). */
export function makeRequest(overrides: Partial<RestockRequestView> = {}): RestockRequestView {
  return {
    id: 'r-0123456789ab',
    fridgeId: 'main-st',
    fridgeName: 'Main St fridge',
    status: 'open',
    reason: 'low-stock',
    openedAt: '2025-06-01T11:05:00.000Z',
    levelAtOpen: 'few',
    kgAtOpen: 6,
    circle: 'fridge',
    nextNoticeAt: '2025-06-01T11:35:00.000Z',
    expiresAt: '2025-06-02T11:05:00.000Z',
    claim: null,
    firstClaimedAt: null,
    closedAt: null,
    fulfilment: null,
    minutesToClaim: null,
    minutesToFulfil: null,
    ...overrides,
  };
}

/** The same request claimed, with an ETA (names as the public sees them: none). */
export function makeClaimed(eta: string, overrides: Partial<RestockRequestView> = {}): RestockRequestView {
  return makeRequest({
    status: 'claimed',
    claim: {
      volunteerId: null,
      name: null,
      claimedAt: '2025-06-01T11:20:00.000Z',
      eta,
      reminded: false,
      reopensAt: null,
    },
    firstClaimedAt: '2025-06-01T11:20:00.000Z',
    minutesToClaim: 15,
    ...overrides,
  });
}
