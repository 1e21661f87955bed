import type { FridgeStatus } from '../../contract/api';
import { topics } from '../../contract/topics';
import type { ServerMqttClient } from '../adapters/serverMqttClient';
import type { EventBus } from '../eventBus';
import type { FridgeCatalog } from './fridgeCatalog';
import { LatestPerKey } from './latestPerKey';
import { statusJson } from './statusJson';

/**
 * Live status (the retained `state` topic, the `/api/events` feed) goes out at once after a quiet
 * spell and at most this often per fridge in a burst: well inside the 100 ms publish-to-screen
 * target of issue 12, and a tenth of the MQTT and SSE traffic of a fridge sending 100 readings/s.
 */
export const LIVE_STATUS_MIN_INTERVAL_MS = 100;

/**
 * Mirrors every fridge's public status to the retained `fridges/{id}/state` topic, so a status
 * screen or a neighbour's home-automation can subscribe instead of polling the API.
 */
export class StatePublisher {
  private unsubscribe: Array<() => void> = [];
  private readonly latest = new LatestPerKey<FridgeStatus>(LIVE_STATUS_MIN_INTERVAL_MS, (fridgeId, status) =>
    this.mqtt.publishRetained(topics.state(fridgeId), statusJson(status)),
  );

  constructor(
    private readonly bus: EventBus,
    private readonly mqtt: ServerMqttClient,
    private readonly catalog: FridgeCatalog,
  ) {}

  start(): void {
    // statusJson: the list and the broker then keep one string per fridge, not one each.
    for (const status of this.catalog.statuses()) {
      this.mqtt.publishRetained(topics.state(status.id), statusJson(status));
    }
    this.unsubscribe = [
      this.bus.on('fridgeStateChanged', 'statePublisher', ({ fridgeId, status }) => {
        this.latest.offer(fridgeId, status);
      }),
      // An empty retained payload deletes the retained message (MQTT 3.1.1 §3.3.1.3).
      this.bus.on('fridgeRemoved', 'statePublisher', ({ fridgeId }) => {
        this.latest.forget(fridgeId);
        this.mqtt.publishRetained(topics.state(fridgeId), '');
      }),
    ];
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    // The last status of a burst still reaches the broker before the client disconnects.
    this.latest.flush();
    this.latest.stop();
  }
}
