import type { FridgeStatus } from '../../contract/api';
import { type JsonWithSpans, jsonFromParts } from './jsonFromParts';

/** Each status's JSON, made once: the retained `state` topic, every live feed and the list send the same. */
const serialised = new WeakMap<FridgeStatus, JsonWithSpans>();
/**
 * A status not serialised yet → the last serialised one it was described after, whose JSON holds
 * the text of the parts they share. Dropped once used, so it holds one earlier status at most.
 */
const basis = new WeakMap<FridgeStatus, FridgeStatus>();

/**
 * A status as JSON, serialised once for the retained `state` topic and every live feed: both
 * send the same status object, and serialising it twice showed in the ingest profile. A status
 * described after another (`describedAfter`) copies the text of the parts it shares with it.
 */
export function statusJson(status: FridgeStatus): string {
  let record = serialised.get(status);
  if (record === undefined) {
    const previous = basis.get(status) ?? null;
    if (previous) basis.delete(status);
    record = jsonFromParts(status, previous, previous && (serialised.get(previous) ?? null));
    serialised.set(status, record);
  }
  return record.json;
}

/**
 * `status` was described after `previous` and shares its unchanged parts by identity
 * (`domain/sameParts.ts`): its JSON will take their text from the last serialised status before it.
 * Both must stay as they are (statuses are never changed once described).
 */
export function describedAfter(status: FridgeStatus, previous: FridgeStatus): void {
  const base = serialised.has(previous) ? previous : basis.get(previous);
  if (base && base !== status) basis.set(status, base);
}
