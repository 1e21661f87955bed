import { randomBytes } from 'node:crypto';
import type { ImportBody, ImportedDevice, ImportResult } from '../../../contract/bulkImport';
import { topics } from '../../../contract/topics';
import { AppError } from '../../errors';
import type { EventBus } from '../../eventBus';
import type { Db } from '../../storage/database';
import type { DeviceRepository } from '../../storage/deviceRepository';
import type { FridgeRepository } from '../../storage/fridgeRepository';
import { newDeviceSecret } from '../deviceSecrets';
import type { FridgeCatalog } from '../fridgeCatalog';
import { fromCsv } from './csvImport';
import { importProblems, jsonRowNames, type RowNames } from './importPlan';

export interface SiteImportOptions {
  db: Db;
  fridges: FridgeRepository;
  devices: DeviceRepository;
  catalog: FridgeCatalog;
  bus: EventBus;
  /** scrypt cost (log2 N) of new device secrets (config `deviceSecretHashCost`). */
  secretHashCost?: number;
}

/**
 * Moves a whole network in at once (`POST /api/import`): every row is checked first and every
 * problem reported together; then fridges, shelves and devices are written in one transaction,
 * so an import either all happens or changes nothing. Device secrets are made and hashed here
 * and returned once, in the answer.
 */
export class SiteImport {
  constructor(private readonly options: SiteImportOptions) {}

  importCsv(text: string, mqttUrl: string): Promise<ImportResult> {
    const parsed = fromCsv(text);
    if ('problems' in parsed) throw new AppError('IMPORT_INVALID', parsed.problems);
    return this.import(parsed.body, mqttUrl, parsed.rowNames);
  }

  async import(body: unknown, mqttUrl: string, rowNames: RowNames = jsonRowNames): Promise<ImportResult> {
    const { fridges, devices, catalog, bus, db } = this.options;
    const lookup = {
      fridgeExists: (id: string) => fridges.exists(id),
      deviceExists: (id: string) => devices.get(id) !== null,
    };
    const problems = importProblems(body, lookup, rowNames);
    if (problems.length > 0) throw new AppError('IMPORT_INVALID', problems);
    const plan = body as ImportBody;
    // scrypt runs on libuv's thread pool: all at once keeps every thread busy.
    const planned = await Promise.all(
      plan.fridges.flatMap((fridge) =>
        (fridge.devices ?? []).map(async (device) => ({
          fridge,
          deviceId: device.id ?? `${fridge.id.slice(0, 50)}-${randomBytes(3).toString('hex')}`,
          ...(await newDeviceSecret(this.options.secretHashCost)),
        })),
      ),
    );
    // Checked again inside the transaction: another request may have added an id meanwhile.
    db.transaction(() => {
      const late = importProblems(plan, lookup, rowNames);
      if (late.length > 0) throw new AppError('IMPORT_INVALID', late);
      for (const fridge of plan.fridges) {
        fridges.insert({
          id: fridge.id,
          name: fridge.name,
          kind: fridge.kind,
          address: fridge.address ?? null,
          simulated: false,
          shelves: fridge.shelves,
          levels: fridge.levels ?? null,
          location: fridge.location ?? null,
          openingHours: fridge.openingHours ?? null,
        });
      }
      for (const { fridge, deviceId, hashes } of planned) devices.insert(deviceId, fridge.id, hashes);
    })();
    for (const fridge of plan.fridges) catalog.reload(fridge.id);
    for (const { fridge, deviceId } of planned)
      bus.emit('deviceRegistered', { deviceId, fridgeId: fridge.id });
    const imported: ImportedDevice[] = planned.map(({ fridge, deviceId, password }) => ({
      deviceId,
      fridgeId: fridge.id,
      username: deviceId,
      password,
      mqttUrl,
      topics: {
        door: topics.door(fridge.id),
        temperature: topics.temperature(fridge.id),
        shelves: Object.fromEntries(fridge.shelves.map((s) => [s.id, topics.shelfWeight(fridge.id, s.id)])),
        status: topics.deviceStatus(fridge.id, deviceId),
      },
    }));
    return { fridges: plan.fridges.length, devices: imported };
  }
}

/** The credentials file as CSV: one device a row, for a provisioning script or a spreadsheet. */
export function credentialsCsv(result: ImportResult): string {
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const rows = result.devices.map((d) =>
    [d.deviceId, d.fridgeId, d.username, d.password, d.mqttUrl].map(quote).join(','),
  );
  return `device_id,fridge_id,username,password,mqtt_url\n${rows.join('\n')}\n`;
}
