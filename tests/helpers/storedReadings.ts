import type { SensorValue } from '../../contract/payloads';
import type { StoredReading } from '../../server/storage/readingStore';

/**
 * A stored reading as the ingest writes one from a device on the embedded broker that sent it on
 * time: its device is its `seq` source, it carries no `seq`, it was received when measured, and
 * its clock agreed with ours. The tests and benches that fill the readings table use it, so the
 * row's shape is written once (the fields themselves are `StoredReading`'s); `overrides` sets
 * whatever a case needs otherwise (a `seq`, a late arrival, another source).
 */
export function storedReading(
  fridgeId: string,
  deviceId: string,
  atMs: number,
  value: SensorValue,
  overrides: Partial<StoredReading> = {},
): StoredReading {
  return {
    fridgeId,
    deviceId,
    sourceKey: deviceId,
    seq: null,
    value,
    measuredAtMs: atMs,
    receivedAtMs: atMs,
    late: false,
    clockSkew: false,
    ...overrides,
  };
}
