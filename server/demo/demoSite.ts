import { randomBytes } from 'node:crypto';
import type { FridgeKind } from '../../contract/api';
import type { DeviceRegistration } from '../../contract/fridgeAdmin';
import type { ShelfSpec } from '../domain/stock';
import type { DeviceAdmin } from '../features/deviceAdmin';
import type { SiteAdmin } from '../features/siteAdmin';
import type { VolunteerRepository } from '../storage/volunteerRepository';
import { type DemoFormat, demoAdapterDevice, demoBindings } from './demoFormats';

export interface DemoFridge {
  id: string;
  name: string;
  kind: FridgeKind;
  address: string;
  shelves: ShelfSpec[];
  /** Fed by another ecosystem's device instead of our own contract (issue 15). */
  format?: DemoFormat;
}

const threeShelves = (capacityKg: number): ShelfSpec[] =>
  ['top', 'middle', 'bottom'].map((id) => ({ id, tareKg: 2.1, capacityKg }));

/**
 * Six fridges and one pantry, named like the streets such fridges stand on. Four ordinary fridges
 * show the other ecosystems: Elm St a Shelly and Harbour Rd a Zigbee2MQTT door sensor and probe
 * (no load cells there, so no shelves and no stock estimate: the door-and-temperature example),
 * Market Square an ESPHome node weighing three shelves, Mill Lane a Tasmota device weighing its
 * one shelf (Tasmota drives one HX711). The incident fridges and the pantry speak our contract.
 */
export const DEMO_FRIDGES: readonly DemoFridge[] = [
  {
    id: 'elm-st',
    name: 'Elm St fridge',
    kind: 'fridge',
    address: '12 Elm St, outside the laundromat',
    shelves: [],
    format: 'shelly',
  },
  {
    id: 'harbour-rd',
    name: 'Harbour Rd fridge',
    kind: 'fridge',
    address: 'Harbour Rd community garden',
    shelves: [],
    format: 'zigbee2mqtt',
  },
  {
    id: 'market-sq',
    name: 'Market Square fridge',
    kind: 'fridge',
    address: 'Market Square, by the library',
    shelves: threeShelves(20),
    format: 'esphome',
  },
  {
    id: 'oak-ave',
    name: 'Oak Ave fridge',
    kind: 'fridge',
    address: '48 Oak Ave, church porch',
    shelves: threeShelves(12),
  },
  {
    id: 'station-way',
    name: 'Station Way fridge',
    kind: 'fridge',
    address: 'Station Way, corner shop',
    shelves: threeShelves(15),
  },
  {
    id: 'mill-lane',
    name: 'Mill Lane fridge',
    kind: 'fridge',
    address: 'Mill Lane youth centre',
    shelves: [{ id: 'shelf', tareKg: 2.1, capacityKg: 30 }],
    format: 'tasmota',
  },
  {
    id: 'mill-lane-pantry',
    name: 'Mill Lane pantry',
    kind: 'pantry',
    address: 'Mill Lane youth centre, beside the fridge',
    shelves: [
      { id: 'upper', tareKg: 3, capacityKg: 25 },
      { id: 'lower', tareKg: 3, capacityKg: 25 },
    ],
  },
];

export interface DemoDevice {
  fridge: DemoFridge;
  registration: Pick<DeviceRegistration, 'deviceId' | 'username' | 'password' | 'mqttUrl'>;
  /** The device's topic root in its format, for an adapter device. */
  topic?: string;
}

/**
 * Creates the demo site through the organiser's own code path (SiteAdmin), so a demo
 * exercises exactly what a real organiser would do.
 */
export async function createDemoSite(
  admin: SiteAdmin,
  deviceAdmin: DeviceAdmin,
  mqttUrl: string,
): Promise<DemoDevice[]> {
  const devices: DemoDevice[] = [];
  for (const fridge of DEMO_FRIDGES) {
    admin.createFridge(
      {
        id: fridge.id,
        name: fridge.name,
        kind: fridge.kind,
        address: fridge.address,
        shelves: fridge.shelves,
      },
      true,
    );
    if (fridge.format) {
      // Through `POST /api/devices`' own code; the root is the simulator's default (the device id).
      const { deviceId, topic } = demoAdapterDevice(fridge.id, fridge.format);
      const created = await deviceAdmin.create(
        {
          deviceId,
          kind: fridge.format,
          topic,
          bindings: demoBindings(fridge.format, fridge.id, fridge.shelves),
        },
        mqttUrl,
      );
      const { username, password } = created;
      devices.push({ fridge, registration: { deviceId, username, password, mqttUrl }, topic });
      continue;
    }
    const registration = await admin.registerDevice(fridge.id, `${fridge.id}-sensor`, mqttUrl);
    devices.push({ fridge, registration });
  }
  return devices;
}

/**
 * Demo volunteers, so alert and restock notices have someone to reach. Their addresses are on
 * `.invalid` (RFC 2606 §2: never resolves), so a notice only ever lands in the delivery log,
 * even on a demo site given SMTP settings.
 */
export function createDemoVolunteers(volunteers: VolunteerRepository, nowMs: number): void {
  const base = {
    quietHours: null,
    language: 'en',
    unsubscribedAtMs: null,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
  volunteers.save({
    ...base,
    linkKey: randomBytes(16).toString('hex'),
    id: 'demo-organiser',
    name: 'Demo organiser',
    role: 'organiser',
    channels: [{ type: 'email', address: 'organiser@demo.invalid' }],
    fridgeIds: [],
    notices: { restock: true, foodSafety: true, deviceHealth: true },
  });
  volunteers.save({
    ...base,
    linkKey: randomBytes(16).toString('hex'),
    id: 'demo-volunteer',
    name: 'Demo volunteer',
    role: 'volunteer',
    channels: [{ type: 'email', address: 'volunteer@demo.invalid' }],
    fridgeIds: DEMO_FRIDGES.map((f) => f.id),
    notices: { restock: true, foodSafety: true, deviceHealth: false },
  });
}
