import { FieldType, InfluxDB, type IPoint } from 'influx';
import type { StoredReading } from '../storage/readingStore';

export type { IPoint };

/** Where mirrored readings go: InfluxDB 1.x over its /write and /query HTTP API. */
export class InfluxWriter {
  private readonly client: InfluxDB;
  private databaseReady = false;

  /** `url` names the database in its path: `http://host:8086/fridges`. */
  constructor(
    url: string,
    private readonly database: string,
  ) {
    this.client = new InfluxDB({
      host: new URL(url).hostname,
      port: Number(new URL(url).port || 8086),
      protocol: new URL(url).protocol === 'https:' ? 'https' : 'http',
      username: decodeURIComponent(new URL(url).username) || undefined,
      password: decodeURIComponent(new URL(url).password) || undefined,
      database,
      schema: [
        { measurement: 'weight', fields: { kg: FieldType.FLOAT }, tags: ['fridge', 'shelf', 'device'] },
        {
          measurement: 'temperature',
          fields: { celsius: FieldType.FLOAT },
          tags: ['fridge', 'probe', 'device'],
        },
        { measurement: 'door', fields: { open: FieldType.BOOLEAN }, tags: ['fridge', 'device'] },
        {
          measurement: 'device_status',
          fields: { online: FieldType.BOOLEAN, battery: FieldType.FLOAT, rssi: FieldType.INTEGER },
          tags: ['fridge', 'device'],
        },
      ],
    });
  }

  async write(points: IPoint[]): Promise<void> {
    if (!this.databaseReady) {
      // CREATE DATABASE is idempotent in InfluxDB 1.x.
      await this.client.createDatabase(this.database);
      this.databaseReady = true;
    }
    await this.client.writePoints(points, { precision: 'ms' });
  }

  query<T>(influxQl: string): Promise<T[]> {
    return this.client.query<T>(influxQl, { precision: 'ms' });
  }
}

/** InfluxDB line protocol has no empty tag values: an absent tag is left out. */
function tags(values: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => Boolean(e[1])));
}

/** One InfluxDB point per stored reading; late readings land at their measured time too. */
export function readingToPoint(reading: StoredReading): IPoint {
  const timestamp = new Date(reading.measuredAtMs);
  const device = reading.deviceId;
  const value = reading.value;
  switch (value.kind) {
    case 'weight':
      return {
        measurement: 'weight',
        tags: tags({ fridge: reading.fridgeId, shelf: value.shelfId, device }),
        fields: { kg: value.kg },
        timestamp,
      };
    case 'temperature':
      return {
        measurement: 'temperature',
        tags: tags({ fridge: reading.fridgeId, probe: value.probe, device }),
        fields: { celsius: value.celsius },
        timestamp,
      };
    case 'door':
      return {
        measurement: 'door',
        tags: tags({ fridge: reading.fridgeId, device }),
        fields: { open: value.open },
        timestamp,
      };
    case 'deviceStatus': {
      const fields: Record<string, number | boolean> = { online: value.online };
      if (value.battery !== undefined) fields.battery = value.battery;
      if (value.rssi !== undefined) fields.rssi = Math.round(value.rssi);
      return {
        measurement: 'device_status',
        tags: { fridge: reading.fridgeId, device: value.deviceId },
        fields,
        timestamp,
      };
    }
  }
}
