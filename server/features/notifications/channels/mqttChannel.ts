import { type DeliveryChannel, DeliveryError } from './types';

export interface MqttPublisher {
  publish(topic: string, payload: string): Promise<void>;
}

/** QoS 1 to the broker; delivered once the broker acknowledged it. */
export class MqttChannel implements DeliveryChannel<'mqtt'> {
  constructor(private readonly mqtt: MqttPublisher) {}

  async send(message: Parameters<DeliveryChannel<'mqtt'>['send']>[0]): Promise<void> {
    try {
      await this.mqtt.publish(message.topic, message.payload);
    } catch (err) {
      throw new DeliveryError(`MQTT: ${err instanceof Error ? err.message : String(err)}`, false);
    }
  }
}
