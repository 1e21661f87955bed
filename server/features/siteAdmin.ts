import { randomBytes } from 'node:crypto';
import type { FridgeStatus, LevelThresholds } from '../../contract/api';
import type { CreateFridgeBody, DeviceRegistration } from '../../contract/fridgeAdmin';
import { SERVER_CLIENT_ID } from '../../contract/ids';
import type { OpeningHours } from '../../contract/openingHours';
import { openingHoursProblems } from '../../contract/openingHoursText';
import { NEED_CATEGORIES, type NeedsBody } from '../../contract/publicSite';
import { topics } from '../../contract/topics';
import { levelsRise, type ShelfSpec } from '../domain/stock';
import { AppError, deviceNotFound, fridgeNotFound } from '../errors';
import type { EventBus } from '../eventBus';
import type { DeviceRepository } from '../storage/deviceRepository';
import type { FridgeChanges, FridgeRepository } from '../storage/fridgeRepository';
import { newDeviceSecret } from './deviceSecrets';
import type { FridgeCatalog } from './fridgeCatalog';

/** Re-exported for the tests that register devices through here. */
export type { DeviceRegistration };

export interface SiteAdminOptions {
  fridges: FridgeRepository;
  devices: DeviceRepository;
  catalog: FridgeCatalog;
  bus: EventBus;
  /** Cuts a revoked device off the broker at once (embedded broker only). */
  disconnectDevice: (deviceId: string) => void;
  /** scrypt cost (log2 N) of new device secrets (config `deviceSecretHashCost`). */
  secretHashCost?: number;
}

function checkShelves(shelves: ShelfSpec[]): void {
  const ids = new Set<string>();
  for (const [index, shelf] of shelves.entries()) {
    if (ids.has(shelf.id))
      throw new AppError('BAD_REQUEST', `shelves/${index}/id: "${shelf.id}" is used twice`);
    ids.add(shelf.id);
  }
}

function checkLevels(levels: LevelThresholds | null | undefined): void {
  if (!levels) return;
  if (!levelsRise(levels)) {
    throw new AppError(
      'BAD_REQUEST',
      'levels: thresholds must rise: emptyBelowPercent ≤ fewBelowPercent ≤ manyBelowPercent',
    );
  }
}

function checkOpeningHours(hours: OpeningHours | null | undefined): void {
  const problems = hours ? openingHoursProblems(hours) : [];
  if (problems.length > 0) throw new AppError('BAD_REQUEST', problems.join('; '));
}

/**
 * What an organiser does to the site: fridges, shelves and devices. The API and the demo
 * seeding both go through here, so the demo exercises the real path.
 */
export class SiteAdmin {
  constructor(private readonly options: SiteAdminOptions) {}

  createFridge(request: CreateFridgeBody, simulated = false): FridgeStatus {
    const { fridges, catalog } = this.options;
    if (fridges.exists(request.id)) throw new AppError('FRIDGE_EXISTS', request.id);
    checkShelves(request.shelves);
    checkLevels(request.levels);
    checkOpeningHours(request.openingHours);
    fridges.insert({
      id: request.id,
      name: request.name,
      kind: request.kind,
      address: request.address ?? null,
      simulated,
      shelves: request.shelves,
      levels: request.levels ?? null,
      location: request.location ?? null,
      openingHours: request.openingHours ?? null,
    });
    catalog.reload(request.id);
    return this.status(request.id);
  }

  updateFridge(id: string, changes: FridgeChanges): FridgeStatus {
    const { fridges, catalog } = this.options;
    if (!fridges.exists(id)) throw fridgeNotFound(id);
    if (changes.shelves) checkShelves(changes.shelves);
    checkLevels(changes.levels);
    checkOpeningHours(changes.openingHours);
    fridges.update(id, changes);
    catalog.reload(id);
    return this.status(id);
  }

  /** Replaces what the fridge asks neighbours to bring, in the order of NEED_CATEGORIES. */
  setNeeds(id: string, body: NeedsBody): FridgeStatus {
    const { fridges, catalog } = this.options;
    if (!fridges.exists(id)) throw fridgeNotFound(id);
    const categories = NEED_CATEGORIES.filter((c) => body.categories.includes(c));
    const note = body.note?.trim() ?? '';
    fridges.setNeeds(id, categories, note === '' ? null : note);
    catalog.reload(id);
    return this.status(id);
  }

  deleteFridge(id: string): void {
    const { fridges, devices, catalog } = this.options;
    if (!fridges.exists(id)) throw fridgeNotFound(id);
    // Adapter devices (a Zigbee2MQTT bridge...) may feed other fridges: they lose this fridge's bindings only.
    for (const device of devices.activeForFridge(id))
      if (device.kind === 'native') this.revokeDevice(device.id);
    fridges.delete(id);
    catalog.reload(id);
  }

  async registerDevice(
    fridgeId: string,
    requestedId: string | undefined,
    mqttUrl: string,
  ): Promise<DeviceRegistration> {
    const { devices, catalog, bus } = this.options;
    const fridge = catalog.definition(fridgeId);
    if (!fridge) throw fridgeNotFound(fridgeId);
    const deviceId = requestedId ?? `${fridgeId.slice(0, 50)}-${randomBytes(3).toString('hex')}`;
    if (deviceId === SERVER_CLIENT_ID || devices.get(deviceId)) throw new AppError('DEVICE_EXISTS', deviceId);
    const { password, hashes } = await newDeviceSecret(this.options.secretHashCost);
    // Checked again: the fridge may have been removed while the secret was hashed.
    if (!catalog.definition(fridgeId)) throw fridgeNotFound(fridgeId);
    if (devices.get(deviceId)) throw new AppError('DEVICE_EXISTS', deviceId);
    devices.insert(deviceId, fridgeId, hashes);
    catalog.reload(fridgeId);
    bus.emit('deviceRegistered', { deviceId, fridgeId });
    return {
      deviceId,
      username: deviceId,
      password,
      mqttUrl,
      topics: {
        door: topics.door(fridgeId),
        temperature: topics.temperature(fridgeId),
        shelves: Object.fromEntries(fridge.shelves.map((s) => [s.id, topics.shelfWeight(fridgeId, s.id)])),
        status: topics.deviceStatus(fridgeId, deviceId),
      },
    };
  }

  revokeDevice(deviceId: string): void {
    const { devices, catalog, bus, disconnectDevice } = this.options;
    const device = devices.get(deviceId);
    if (!device || device.revokedAtMs !== null) throw deviceNotFound(deviceId);
    devices.revoke(deviceId);
    disconnectDevice(deviceId);
    catalog.reload(device.fridgeId);
    bus.emit('deviceRevoked', { deviceId, fridgeId: device.fridgeId });
  }

  private status(id: string): FridgeStatus {
    const status = this.options.catalog.status(id);
    if (!status) throw fridgeNotFound(id);
    return status;
  }
}
