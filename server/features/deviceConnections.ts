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
    // The broker just started: nobody is connected, whatever the last snapshot said (after a
    // crash, every device of the snapshot still reads online). Fridges already right stay as they are.
    this.catalog.sweepStates((state) => {
      let next = state;
      for (const [deviceId, device] of Object.entries(state.devices))
        if (device.online) next = applyConnection(next, deviceId, false, 0);
      return next;
    });
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
