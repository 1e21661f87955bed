import type { Refusal } from '../../broker/embeddedBroker';
import type { DeviceMessage, RefusalReason } from '../../contract/payloads';
import type { EventBus } from '../eventBus';
import type { FridgeCatalog } from './fridgeCatalog';

export interface RefusalLogger {
  warn(obj: object, msg: string): void;
}

/**
 * What ingest refuses, and the account of it: the site's own checks (a fridge, shelf or device
 * it does not know), counted per reason with the duplicates for `/api/health` and Prometheus,
 * logged, and announced on the bus (`readingRefused`, `readingDuplicate`).
 */
export class IngestRefusals {
  private readonly counts = new Map<RefusalReason | 'duplicate', number>();

  constructor(
    private readonly options: {
      catalog: FridgeCatalog;
      bus: EventBus;
      logger: RefusalLogger;
      metrics?: { refused(reason: string): void };
    },
  ) {}

  /** Refuses what the contract allows but this site does not know; null when the site knows it. */
  check(message: DeviceMessage): Refusal | null {
    const fridge = this.options.catalog.definition(message.fridgeId);
    const value = message.value;
    if (!fridge) {
      return { reason: 'unknown-fridge', detail: `fridge "${message.fridgeId}" is not registered` };
    }
    if (value.kind === 'weight' && !fridge.shelves.some((s) => s.id === value.shelfId)) {
      return { reason: 'unknown-shelf', detail: `fridge "${fridge.id}" has no shelf "${value.shelfId}"` };
    }
    if (value.kind === 'deviceStatus' && !fridge.deviceIds.includes(value.deviceId)) {
      return {
        reason: 'unknown-device',
        detail: `device "${value.deviceId}" is not registered to "${fridge.id}"`,
      };
    }
    return null;
  }

  /** A message refused here or before ingest (by the parser, the broker's ACL). */
  refused(refusal: Refusal & { topic: string; clientId: string | null }): void {
    this.count(refusal.reason);
    this.options.logger.warn(
      {
        topic: refusal.topic.slice(0, 200),
        clientId: refusal.clientId,
        reason: refusal.reason,
        detail: refusal.detail,
      },
      `message refused: ${refusal.reason}`,
    );
    this.options.bus.emit('readingRefused', {
      topic: refusal.topic,
      reason: refusal.reason,
      detail: refusal.detail,
      clientId: refusal.clientId,
    });
  }

  /** A seq already stored (or in flight) from the same source. */
  duplicate(fridgeId: string, deviceKey: string, seq: number): void {
    this.count('duplicate');
    this.options.bus.emit('readingDuplicate', { fridgeId, deviceKey, seq });
  }

  /** Refusals (and duplicates) counted by reason since start. */
  counters(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  // `check`'s refusals are counted when they come back to `refused` (through intake), once.
  private count(reason: RefusalReason | 'duplicate'): void {
    this.options.metrics?.refused(reason);
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }
}
