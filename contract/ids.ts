/** Fridge, shelf, device and probe ids are URL- and topic-safe slugs. */
export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
const slugRegex = new RegExp(SLUG_PATTERN);

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && slugRegex.test(value);
}

/**
 * The MQTT client id of the server's own connection. A device connects with its device id as
 * client id (docs/protocol.md), so this id is refused as a device id: a device holding it would
 * take the server's session over (MQTT 3.1.1 §3.1.4-2).
 */
export const SERVER_CLIENT_ID = 'fridge-server';
