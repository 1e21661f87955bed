/**
 * Whether a PUBLISH the broker sent again is one whose readings are already stored: the rule
 * behind exactly-once storage behind an external broker (docs/reliability.md).
 *
 * MQTT 3.1.1 §4.4: on a session resumed (clean session 0) the broker re-sends every QoS 1
 * PUBLISH not acknowledged "using their original Packet Identifiers", and §3.3.1.1 sets DUP on
 * such a re-delivery. Mosquitto does both: the id is allocated once when the message is queued
 * for the client, and `dup` is set after the first send ("Any retry attempts are a duplicate",
 * src/database.c). So a DUP message whose packet id the server recorded in a commit, with the
 * same topic and payload, is that message.
 *
 * One case needs more than the id and the digest: the broker reuses an id once its message is
 * acknowledged, so the record may belong to an older message with the same id (and, for a
 * device that repeats itself, the same payload) while this one was never stored. Mosquitto
 * allocates ids in sequence per client (`mosquitto__mid_generate`: last_mid + 1, skipping 0),
 * and the server commits and acknowledges in arrival order, so a message that was stored has an
 * id at or before the last one committed, and one never stored has an id after it. "Before" is
 * taken on the ring of 65,535 ids: within half of it.
 */

/** Packet ids run 1..65,535 (0 is not an id, §2.3.1), then wrap. */
export const PACKET_IDS = 65_535;

/** A recorded delivery: the digest of its topic and payload. */
export interface DeliveryRecord {
  digest: string;
}

/**
 * Steps from `packetId` forward to `lastCommittedId` on the ring of ids; 0 when they are equal.
 */
export function idsBetween(packetId: number, lastCommittedId: number): number {
  return (((lastCommittedId - packetId) % PACKET_IDS) + PACKET_IDS) % PACKET_IDS;
}

/**
 * True when a re-delivered message (DUP set) is already stored: its packet id is recorded with
 * the same digest, and that id is not after the last one committed. A message without DUP is
 * never judged here: it is new, whatever an older record with its id says.
 */
export function isStoredRedelivery(
  record: DeliveryRecord | null,
  digest: string,
  packetId: number,
  lastCommittedId: number | null,
): boolean {
  if (record === null || lastCommittedId === null) return false;
  if (record.digest !== digest) return false;
  return idsBetween(packetId, lastCommittedId) < PACKET_IDS / 2;
}
