import type { Clock } from '../clock';
import { applyConnection } from '../domain/fridgeState';
import type { EventBus } from '../eventBus';
import type { FridgeCatalog } from './fridgeCatalog';

/** Marks devices online or offline as the embedded broker sees their connections come and go. */
export class DeviceConnections {
  private unsubscribe: Array<() => void> = [];

  constructor(
    private readonly bus: EventBus,
    private readonly catalog: FridgeCatalog,
    private readonly clock: Clock,
  ) {}

  start(): void {
    // The broker just started: nobody is connected, whatever the last snapshot said.
    for (const id of this.catalog.ids()) {
      this.catalog.updateState(id, (state) => {
        let next = state;
        for (const deviceId of Object.keys(state.devices)) next = applyConnection(next, deviceId, false, 0);
        return next;
      });
    }
    this.unsubscribe = [
      this.bus.on('deviceConnected', 'deviceConnections', ({ deviceId, fridgeId }) =>
        this.catalog.updateState(fridgeId, (s) => applyConnection(s, deviceId, true, this.clock.nowMs())),
      ),
      this.bus.on('deviceDisconnected', 'deviceConnections', ({ deviceId, fridgeId }) =>
        this.catalog.updateState(fridgeId, (s) => applyConnection(s, deviceId, false, this.clock.nowMs())),
      ),
    ];
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }
}
