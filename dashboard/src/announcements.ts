import type { FridgeStatus } from '../../contract/api';
import type { RestockRequestView } from '../../contract/restock';
import { formatCelsius, isTemperatureAlarm, levelWords } from './format';
import { msg } from './locale';
import { formatClockTime, type TimeOptions } from './restock-format';
import { temperatureStatusWords } from './temperature-words';

/**
 * What a screen-reader user should hear when a fridge changes: its stock level in words, whether the
 * alert rules judge it too warm (or cold again), and whether it went offline. Weights, temperatures and the door change too often to
 * announce; they are on the page for whoever looks.
 */
export function describeChange(
  previous: FridgeStatus | undefined,
  next: FridgeStatus,
  nowMs = Number.NaN,
): string | null {
  if (previous === undefined) return null;
  const words = msg().announce;
  const parts: string[] = [];
  if (previous.stock.level !== next.stock.level && next.stock.level !== null) {
    parts.push(words.stockNow(levelWords(next.stock.level)));
  }
  const wasAlarm = isTemperatureAlarm(previous.temperature.status);
  const alarm = isTemperatureAlarm(next.temperature.status);
  if (alarm && (!wasAlarm || previous.temperature.status !== next.temperature.status)) {
    parts.push(
      temperatureStatusWords(next.temperature, nowMs) ??
        words.tooWarm(formatCelsius(next.temperature.celsius)),
    );
  }
  if (!alarm && wasAlarm && next.temperature.status === 'ok') {
    parts.push(words.coldAgain(formatCelsius(next.temperature.celsius)));
  }
  if (previous.online !== next.online) parts.push(next.online ? words.backOnline : words.offline);
  return parts.length === 0 ? null : words.change(next.name, parts.join(', '));
}

/**
 * Announcements for every fridge that changed between two snapshots, limited to `onlyId` when a page
 * shows one fridge. New and removed fridges are announced too, but not the first list (nothing to compare).
 */
export function describeChanges(
  previous: Readonly<Record<string, FridgeStatus>>,
  next: Readonly<Record<string, FridgeStatus>>,
  onlyId: string | null = null,
  nowMs = Number.NaN,
): string[] {
  const words = msg().announce;
  const messages: string[] = [];
  for (const [id, fridge] of Object.entries(next)) {
    if (onlyId !== null && id !== onlyId) continue;
    const before = previous[id];
    if (before === fridge) continue;
    if (before === undefined) {
      if (onlyId === null) messages.push(words.added(fridge.name));
      continue;
    }
    const message = describeChange(before, fridge, nowMs);
    if (message !== null) messages.push(message);
  }
  for (const [id, fridge] of Object.entries(previous)) {
    if (onlyId !== null && id !== onlyId) continue;
    if (!(id in next)) messages.push(words.removed(fridge.name));
  }
  return messages;
}

/**
 * What a screen-reader user should hear when a fridge's restock request changes: a new request,
 * a volunteer on the way, a claim given back, a request closed. Limited to `onlyId` on a page
 * about one fridge; `nameOf` turns a fridge id into its name.
 */
export function describeRestockChanges(
  previous: Readonly<Record<string, RestockRequestView>>,
  next: Readonly<Record<string, RestockRequestView>>,
  nameOf: (fridgeId: string) => string,
  nowMs: number,
  onlyId: string | null = null,
  options: TimeOptions = {},
): string[] {
  const words = msg().announce;
  const messages: string[] = [];
  const ids = new Set([...Object.keys(previous), ...Object.keys(next)]);
  for (const id of ids) {
    if (onlyId !== null && id !== onlyId) continue;
    const before = previous[id];
    const after = next[id];
    if (after === undefined) {
      if (before !== undefined) messages.push(words.restockClosed(nameOf(id)));
      continue;
    }
    if (before !== undefined && before.id === after.id && before.status === after.status) {
      if (after.status !== 'claimed' || before.claim?.eta === after.claim?.eta) continue;
    }
    const name = nameOf(id);
    if (after.status === 'claimed') {
      messages.push(
        after.claim === null
          ? words.onTheWay(name)
          : words.onTheWayEta(name, formatClockTime(after.claim.eta, nowMs, options)),
      );
    } else if (before !== undefined && before.id === after.id) {
      messages.push(words.openAgain(name));
    } else {
      messages.push(words.requested(name));
    }
  }
  return messages;
}
