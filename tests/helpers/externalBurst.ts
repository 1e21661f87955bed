import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';

/**
 * A burst through an external broker from 20 devices, one shelf topic each (on an external broker
 * the topic is the seq's source), for the tests of the server's intake behind Mosquitto.
 */
export const FRIDGES = ['elm-st', 'oak-ave', 'ash-rd', 'fir-ln'];
export const SHELVES = ['s1', 's2', 's3', 's4', 's5'];
export const PER_TOPIC = 25;
/** One device per shelf topic; on an external broker the topic is the seq's source. */
export const TOPICS = FRIDGES.flatMap((fridge) =>
  SHELVES.map((shelf) => `fridges/${fridge}/shelves/${shelf}/weight`),
);
export const BURST = TOPICS.length * PER_TOPIC;

/** The kg a topic's device sends with `seq`: different each time, so a reordering shows in the state. */
export const kgOf = (topicIndex: number, seq: number) => 1 + ((seq * 7 + topicIndex) % 150) / 10;

/** Each device publishes its readings in order, QoS 1 (`paceMs` apart), all devices at once, over Mosquitto. */
export async function publishBurst(url: string, perTopic = PER_TOPIC, paceMs = 0): Promise<void> {
  await Promise.all(
    TOPICS.map(async (topic, index) => {
      const device = await mqtt.connectAsync(url, { clientId: `device-${index}`, protocolVersion: 4 });
      for (let seq = 1; seq <= perTopic; seq += 1) {
        await device.publishAsync(topic, JSON.stringify({ kg: kgOf(index, seq), seq }), { qos: 1 });
        if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
      }
      await device.endAsync();
    }),
  );
}

/** Seqs per source in the order they were stored (row id). */
export function storedOrder(dataDir: string): Map<string, number[]> {
  const db = new Database(join(dataDir, 'fridges.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare<[], { sourceKey: string; seq: number }>(
        'SELECT source_key AS sourceKey, seq FROM readings WHERE seq IS NOT NULL ORDER BY id',
      )
      .all();
    const bySource = new Map<string, number[]>();
    for (const { sourceKey, seq } of rows) bySource.set(sourceKey, [...(bySource.get(sourceKey) ?? []), seq]);
    return bySource;
  } finally {
    db.close();
  }
}

export const inOrder = Array.from({ length: PER_TOPIC }, (_, i) => i + 1);
