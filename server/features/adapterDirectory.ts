import {
  type AdapterKind,
  adapterFilters,
  availabilityTopic,
  isAdapterKind,
  isUnder,
  publishPrefixes,
} from '../../contract/adapterTopics';
import type { BindingRepository, StoredBinding } from '../storage/bindingRepository';
import type { DeviceRepository } from '../storage/deviceRepository';

export interface AdapterDevice {
  id: string;
  kind: AdapterKind;
  root: string;
  bindings: StoredBinding[];
}

/**
 * The active off-the-shelf devices and their bindings, kept in memory: every message of theirs
 * looks them up. Reloaded whenever a device is registered, rebound or revoked, or a fridge removed.
 */
export class AdapterDirectory {
  private byId = new Map<string, AdapterDevice>();

  constructor(
    private readonly devices: DeviceRepository,
    private readonly bindings: BindingRepository,
  ) {
    this.reload();
  }

  reload(): void {
    const next = new Map<string, AdapterDevice>();
    for (const record of this.devices.activeAdapters()) {
      if (!isAdapterKind(record.kind) || record.topicRoot === null) continue;
      next.set(record.id, {
        id: record.id,
        kind: record.kind,
        root: record.topicRoot,
        bindings: this.bindings.forDevice(record.id),
      });
    }
    this.byId = next;
  }

  get(deviceId: string): AdapterDevice | null {
    return this.byId.get(deviceId) ?? null;
  }

  all(): AdapterDevice[] {
    return [...this.byId.values()];
  }

  /** The device whose prefix this topic is under (external broker, wills): nobody vouches otherwise. */
  owning(topic: string): AdapterDevice | null {
    for (const device of this.byId.values()) {
      if (publishPrefixes(device.kind, device.root).some((prefix) => isUnder(topic, prefix))) return device;
    }
    return null;
  }

  isWillTopic(topic: string): boolean {
    return [...this.byId.values()].some((d) => availabilityTopic(d.kind, d.root) === topic);
  }

  /** Every fridge a device has a sensor bound to. */
  fridgesOf(deviceId: string): string[] {
    return [...new Set(this.get(deviceId)?.bindings.map((b) => b.fridgeId) ?? [])];
  }

  /** What the server subscribes to on an external broker for the adapter devices. */
  filters(): string[] {
    return [...this.byId.values()].flatMap((d) => adapterFilters(d.kind, d.root));
  }
}
