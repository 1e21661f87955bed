import type { FridgeStatus } from '../../contract/api';
import { formatCelsius, isWarm, levelWords } from './format';

/**
 * What a screen-reader user should hear when a fridge changes: its stock level in words, whether it
 * turned warm, and whether it went offline. Weights, temperatures and the door change too often to
 * announce; they are on the page for whoever looks.
 */
export function describeChange(previous: FridgeStatus | undefined, next: FridgeStatus): string | null {
  if (previous === undefined) return null;
  const parts: string[] = [];
  if (previous.stock.level !== next.stock.level && next.stock.level !== null) {
    parts.push(`stock now ${levelWords(next.stock.level)}`);
  }
  const wasWarm = isWarm(previous.temperature.celsius, previous.kind);
  const warm = isWarm(next.temperature.celsius, next.kind);
  if (warm && !wasWarm) parts.push(`warm, ${formatCelsius(next.temperature.celsius)}`);
  if (!warm && wasWarm && next.temperature.celsius !== null) {
    parts.push(`cold again, ${formatCelsius(next.temperature.celsius)}`);
  }
  if (previous.online !== next.online) parts.push(next.online ? 'back online' : 'offline');
  return parts.length === 0 ? null : `${next.name}: ${parts.join(', ')}.`;
}

/**
 * Announcements for every fridge that changed between two snapshots, limited to `onlyId` when a page
 * shows one fridge. New and removed fridges are announced too, but not the first list (nothing to compare).
 */
export function describeChanges(
  previous: Readonly<Record<string, FridgeStatus>>,
  next: Readonly<Record<string, FridgeStatus>>,
  onlyId: string | null = null,
): string[] {
  const messages: string[] = [];
  for (const [id, fridge] of Object.entries(next)) {
    if (onlyId !== null && id !== onlyId) continue;
    const before = previous[id];
    if (before === fridge) continue;
    if (before === undefined) {
      if (onlyId === null) messages.push(`New: ${fridge.name}.`);
      continue;
    }
    const message = describeChange(before, fridge);
    if (message !== null) messages.push(message);
  }
  for (const [id, fridge] of Object.entries(previous)) {
    if (onlyId !== null && id !== onlyId) continue;
    if (!(id in next)) messages.push(`${fridge.name} was removed.`);
  }
  return messages;
}
