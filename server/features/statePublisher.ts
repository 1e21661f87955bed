import { topics } from '../../contract/topics';
import type { ServerMqttClient } from '../adapters/serverMqttClient';
import type { EventBus } from '../eventBus';
import type { FridgeCatalog } from './fridgeCatalog';

/**
 * Mirrors every fridge's public status to the retained `fridges/{id}/state` topic, so a status
 * screen or a neighbour's home-automation can subscribe instead of polling the API.
 */
export class StatePublisher {
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly bus: EventBus,
    private readonly mqtt: ServerMqttClient,
    private readonly catalog: FridgeCatalog,
  ) {}

  start(): void {
    for (const status of this.catalog.statuses()) {
      this.mqtt.publishRetained(topics.state(status.id), JSON.stringify(status));
    }
    this.unsubscribe = [
      this.bus.on('fridgeStateChanged', 'statePublisher', ({ fridgeId, status }) => {
        this.mqtt.publishRetained(topics.state(fridgeId), JSON.stringify(status));
      }),
      // An empty retained payload deletes the retained message (MQTT 3.1.1 §3.3.1.3).
      this.bus.on('fridgeRemoved', 'statePublisher', ({ fridgeId }) => {
        this.mqtt.publishRetained(topics.state(fridgeId), '');
      }),
    ];
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }
}
