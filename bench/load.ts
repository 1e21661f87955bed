import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';

/** One publishing device of the benchmark: its connection and the topic it may publish on. */
export interface Publisher {
  client: MqttClient;
  topic: string;
}

export interface LoadResult {
  sent: number;
  acked: number;
  elapsedS: number;
  /** PUBACK latencies, sorted, in ms. */
  latenciesMs: number[];
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

const payload = (seq: number) => JSON.stringify({ kg: 2 + (seq % 200) / 10, seq });

function publishQos1(client: MqttClient, topic: string, body: string): Promise<void> {
  return new Promise((resolve, reject) =>
    client.publish(topic, body, { qos: 1 }, (err) => (err ? reject(err) : resolve())),
  );
}

/**
 * Closed loop, the harness: every publisher sends its next message as soon as the PUBACK
 * of the last one arrives, so the figure is the most the path under test moves. `seqBase` keeps a
 * later round's seqs apart from an earlier one's (the server counts a seen seq as a resend).
 */
export async function closedLoop(
  publishers: readonly Publisher[],
  perPublisher: number,
  seqBase = 0,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    publishers.map(async ({ client, topic }) => {
      for (let seq = seqBase; seq < seqBase + perPublisher; seq++) {
        const sentAt = performance.now();
        await publishQos1(client, topic, payload(seq));
        latenciesMs.push(performance.now() - sentAt);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  latenciesMs.sort((a, b) => a - b);
  const sent = publishers.length * perPublisher;
  return { sent, acked: latenciesMs.length, elapsedS, latenciesMs };
}

/**
 * Open loop at a fixed offered rate, spread over the publishers in turn. Latency counts from the
 * moment each message was due, not when it went out, so a stall is not hidden by the sender
 * slowing down with it (coordinated omission).
 */
export async function openLoop(
  publishers: readonly Publisher[],
  perSecond: number,
  durationS: number,
  seqBase = 1_000_000,
): Promise<LoadResult> {
  const total = Math.round(perSecond * durationS);
  const intervalMs = 1000 / perSecond;
  const latenciesMs: number[] = [];
  const acks: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const dueAt = started + i * intervalMs;
    const waitMs = dueAt - performance.now();
    if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const publisher = publishers[i % publishers.length];
    if (!publisher) break;
    acks.push(
      publishQos1(publisher.client, publisher.topic, payload(seqBase + i)).then(() => {
        latenciesMs.push(performance.now() - dueAt);
      }),
    );
  }
  await Promise.all(acks);
  const elapsedS = (performance.now() - started) / 1000;
  latenciesMs.sort((a, b) => a - b);
  return { sent: total, acked: latenciesMs.length, elapsedS, latenciesMs };
}
