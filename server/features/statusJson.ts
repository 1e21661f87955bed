import type { FridgeStatus } from '../../contract/api';

const serialised = new WeakMap<FridgeStatus, string>();

/**
 * A status as JSON, serialised once for the retained `state` topic and every live feed: both
 * send the same status object, and serialising it twice showed in the ingest profile.
 */
export function statusJson(status: FridgeStatus): string {
  let json = serialised.get(status);
  if (json === undefined) {
    json = JSON.stringify(status);
    serialised.set(status, json);
  }
  return json;
}
