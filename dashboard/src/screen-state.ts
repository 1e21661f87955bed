import type { FridgeStatus } from '../../contract/api';
import type { ConnectionStatus } from './dashboard-state';
import { fridgeUpdatedAt } from './format';

/**
 * Whether a status screen may show its figures as current. A screen nobody watches must never
 * show old figures as if they were live: when the feed is lost it says "Reconnecting…", when the
 * fridge's sensors are silent it says "No data since 14:02".
 */
export type ScreenFreshness =
  | { state: 'live' }
  | { state: 'reconnecting' }
  | { state: 'silent'; lastAt: string | null };

export function screenFreshness(
  fridge: Pick<FridgeStatus, 'online' | 'lastSeen' | 'stock' | 'temperature'>,
  connection: ConnectionStatus,
): ScreenFreshness {
  if (connection === 'reconnecting') return { state: 'reconnecting' };
  // Offline devices, or the alert rules' silent-sensor verdict (a device connected but not sending).
  const silentSensor = fridge.temperature.status === 'unknown' && fridge.temperature.since !== null;
  if (!fridge.online || silentSensor) return { state: 'silent', lastAt: fridgeUpdatedAt(fridge) };
  return { state: 'live' };
}
