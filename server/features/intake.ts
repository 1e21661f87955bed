import type { IntakeOutcome, IntakeSource } from '../../broker/embeddedBroker';
import { parseDeviceMessage } from '../../contract/payloads';
import type { Ingest } from './ingest';

export interface IntakeOptions {
  ingest: Ingest;
  /**
   * Commit each message at once instead of waiting for company: MQTT.js hands the server the next
   * message only after this one's PUBACK, so nothing could join the batch (external broker).
   */
  commitEachMessage: boolean;
}

/**
 * The one door every device message comes in by, whichever broker carried it: the embedded
 * broker's `authorizePublish` (after its ACL) and the server's subscriber on an external broker
 * both call `receive`. It resolves once what the message said is stored, so the PUBACK that waits
 * on it promises durability; a refusal is counted here, once, for both paths.
 */
export class Intake {
  constructor(private readonly options: IntakeOptions) {}

  async receive(topic: string, payload: Uint8Array, source: IntakeSource): Promise<IntakeOutcome> {
    const { ingest, commitEachMessage } = this.options;
    const parsed = parseDeviceMessage(topic, payload);
    if (!parsed.ok) return this.refuse(topic, source, { reason: parsed.reason, detail: parsed.detail });
    const accepted = ingest.accept(parsed.value, {
      deviceId: source.deviceId,
      clientId: source.clientId,
      receivedAtMs: source.receivedAtMs,
      // Behind an external broker nobody vouches for the sender: its topic names the seq's source.
      ...(source.broker === 'external' ? { topic } : {}),
    });
    if (commitEachMessage) ingest.flush();
    const outcome = await accepted;
    if (typeof outcome === 'object') return this.refuse(topic, source, outcome);
    return outcome;
  }

  private refuse(
    topic: string,
    source: IntakeSource,
    refusal: Exclude<IntakeOutcome, string>,
  ): IntakeOutcome {
    this.options.ingest.refused({ ...refusal, topic, clientId: source.clientId });
    return refusal;
  }
}
