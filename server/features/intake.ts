import type { IntakeOutcome, IntakeSource, Refusal } from '../../broker/embeddedBroker';
import { isUnder } from '../../contract/adapterTopics';
import { parseDeviceMessage } from '../../contract/payloads';
import { TOPIC_ROOT } from '../../contract/topics';
import type { AdapterDevice, AdapterDirectory } from './adapterDirectory';
import { ADAPTER_PAYLOAD_BYTES, type AdapterIntake } from './adapterIntake';
import type { Delivery } from './deliveryLedger';
import type { Ingest } from './ingest';

export interface IntakeOptions {
  ingest: Ingest;
  adapters: AdapterDirectory;
  adapterIntake: AdapterIntake;
}

/**
 * The one door every device message comes in by, whichever broker carried it: the embedded
 * broker's `authorizePublish` (after its ACL) and the server's subscriber on an external broker
 * both call `receive`. A native device's message goes through the contract's parser; an
 * off-the-shelf device's through its ecosystem's translator. It resolves once what the message
 * said is stored, so the PUBACK that waits on it promises durability; a refusal is counted here,
 * once, for both paths.
 */
export class Intake {
  constructor(private readonly options: IntakeOptions) {}

  /** `delivery`: the external broker's message, recorded with its readings (deliveryLedger.ts). */
  async receive(
    topic: string,
    payload: Uint8Array,
    source: IntakeSource,
    delivery: Delivery | null = null,
  ): Promise<IntakeOutcome> {
    const adapter = this.adapterFor(topic, source);
    if (adapter) return this.receiveAdapter(adapter, topic, payload, source, delivery);
    const { ingest } = this.options;
    const parsed = parseDeviceMessage(topic, payload);
    if (!parsed.ok) return this.refuse(topic, source, { reason: parsed.reason, detail: parsed.detail });
    const accepted = ingest.accept(
      parsed.value,
      {
        deviceId: source.deviceId,
        clientId: source.clientId,
        receivedAtMs: source.receivedAtMs,
        // Behind an external broker nobody vouches for the sender: its topic names the seq's source.
        ...(source.broker === 'external' ? { topic } : {}),
      },
      delivery,
    );
    const outcome = await accepted;
    if (typeof outcome === 'object') return this.refuse(topic, source, outcome);
    return outcome;
  }

  /**
   * The adapter device a message belongs to: the one that logged in (embedded broker, whose ACL
   * kept it under its prefix), or, when no login vouches (external broker, a will), the device
   * whose prefix the topic is under. The contract's own root is never an adapter's.
   */
  private adapterFor(topic: string, source: IntakeSource): AdapterDevice | null {
    const { adapters } = this.options;
    if (source.deviceId !== null) return adapters.get(source.deviceId);
    if (isUnder(topic, TOPIC_ROOT)) return null;
    return adapters.owning(topic);
  }

  private async receiveAdapter(
    device: AdapterDevice,
    topic: string,
    payload: Uint8Array,
    source: IntakeSource,
    delivery: Delivery | null,
  ): Promise<IntakeOutcome> {
    if (payload.byteLength > ADAPTER_PAYLOAD_BYTES) {
      // Zigbee2MQTT announces its whole network under bridge/ (devices, definitions): no readings.
      if (device.kind === 'zigbee2mqtt' && topic.startsWith(`${device.root}/bridge/`)) return 'ignored';
      return this.refuse(topic, source, {
        reason: 'payload-too-large',
        detail: `payload: ${payload.byteLength} bytes exceeds ${ADAPTER_PAYLOAD_BYTES}`,
      });
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    } catch {
      return this.refuse(topic, source, { reason: 'malformed-payload', detail: 'payload: is not UTF-8' });
    }
    return this.options.adapterIntake.receive(device, topic, text, source, delivery);
  }

  private refuse(topic: string, source: IntakeSource, refusal: Refusal): IntakeOutcome {
    this.options.ingest.refused({ ...refusal, topic, clientId: source.clientId });
    return refusal;
  }
}
