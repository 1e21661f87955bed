import type { ReadyConfig } from '../../../contract/devices';
import type { SensorBinding } from '../sensors/types';

/** What a ready configuration is filled in with. */
export interface ConfigInput {
  deviceId: string;
  password: string;
  mqttUrl: string;
  root: string;
  bindings: readonly SensorBinding[];
}

export type ConfigWriter = (input: ConfigInput) => ReadyConfig;

/** Host and port of the broker address a device is given (`mqtt://host:1883`, `mqtts://...`). */
export function brokerAddress(mqttUrl: string): { host: string; port: number; tls: boolean } {
  const url = new URL(mqttUrl);
  const tls = url.protocol === 'mqtts:';
  return { host: url.hostname, port: url.port ? Number(url.port) : tls ? 8883 : 1883, tls };
}

/** What each binding stands for, as a comment line: `elm-door → door of elm-st`. */
export function bindingLines(bindings: readonly SensorBinding[], comment: string): string[] {
  return bindings.map(
    (b) => `${comment}   ${b.source} → ${b.role}${b.shelfId ? ` (shelf ${b.shelfId})` : ''} of ${b.fridgeId}`,
  );
}
