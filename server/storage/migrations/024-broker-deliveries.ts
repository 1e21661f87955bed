/**
 * Behind an external broker, the packet id of each message whose readings a commit stored,
 * written in that commit (issue 12: duplicates after a crash). After a `kill -9` between the
 * commit and the PUBACK the broker resends the message with its original packet id and DUP set
 * (MQTT 3.1.1 §4.4, §3.3.1.1); a row here with the same topic and payload digest says it is
 * stored. One row per packet id and server client id, overwritten when the broker reuses the id:
 * at most 65,535 rows per client id. `ordinal` orders the commits, so a start knows the packet id
 * committed last (server/domain/redelivery.ts).
 */
export const brokerDeliveriesSchema = `
  CREATE TABLE IF NOT EXISTS broker_deliveries (
    client_id TEXT NOT NULL,
    packet_id INTEGER NOT NULL,
    digest TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (client_id, packet_id)
  ) WITHOUT ROWID;
`;
