import type { FridgeStatus } from '../contract/api';
import type { RefusalReason, SensorValue } from '../contract/payloads';
import type { AlertChange, AlertStatus, AlertType, Severity } from './domain/alerts/types';
import type { RequestStatus, RestockChange } from './domain/restock/types';

/** Every event on the spine, with its argument. Adapters emit; features subscribe. */
export interface BusEvents {
  /** A reading passed every check, was stored and applied (or kept as history when late). */
  readingAccepted: {
    /**
     * Its row in `readings`: readings are announced in this order, so a feature that saves its
     * memory can name the last reading it includes (a replay after a crash starts after it).
     */
    id: number;
    fridgeId: string;
    deviceId: string | null;
    value: SensorValue;
    measuredAtMs: number;
    receivedAtMs: number;
    late: boolean;
  };
  readingRefused: { topic: string; reason: RefusalReason; detail: string; clientId: string | null };
  readingDuplicate: { fridgeId: string; deviceKey: string; seq: number };
  fridgeStateChanged: { fridgeId: string; status: FridgeStatus };
  /** A door visit settled: what it took from and added to each shelf (from the stock estimator). */
  doorSession: {
    fridgeId: string;
    openedAtMs: number;
    closedAtMs: number;
    shelves: Array<{ shelfId: string; deltaKg: number }>;
    takenKg: number;
    addedKg: number;
  };
  fridgeRemoved: { fridgeId: string };
  /** A restock request opened, widened, was claimed, released, fulfilled, cancelled or expired. */
  restockRequestChanged: {
    fridgeId: string;
    requestId: string;
    change: RestockChange;
    status: RequestStatus;
  };
  /** An alert was raised, escalated, widened, acknowledged, re-sent or resolved. */
  alertChanged: {
    fridgeId: string;
    alertId: string;
    type: AlertType;
    change: AlertChange;
    severity: Severity;
    status: AlertStatus;
  };
  deviceConnected: { deviceId: string; fridgeId: string };
  deviceDisconnected: { deviceId: string; fridgeId: string };
  deviceRevoked: { deviceId: string; fridgeId: string };
  deviceRegistered: { deviceId: string; fridgeId: string };
  /**
   * A device's login appeared or changed: an adapter device registered (with or without bindings,
   * besides its `deviceRegistered` per bound fridge), or any device given a new secret.
   */
  deviceLoginChanged: { deviceId: string };
}

export type BusEventName = keyof BusEvents;
type Listener<K extends BusEventName> = (payload: BusEvents[K]) => void;

export interface BusLogger {
  error(obj: object, msg: string): void;
}

interface Subscription {
  feature: string;
  listener: (payload: never) => void;
}

/**
 * A synchronous, typed event bus. A listener that throws is logged with its feature's name and
 * never stops the other listeners or the process.
 */
export class EventBus {
  private readonly listeners = new Map<BusEventName, Subscription[]>();

  constructor(private readonly logger: BusLogger) {}

  /** Returns the function that removes this listener (call it from the feature's `stop()`). */
  on<K extends BusEventName>(event: K, feature: string, listener: Listener<K>): () => void {
    const subscription: Subscription = { feature, listener: listener as (payload: never) => void };
    // A new list, never the one an `emit` may be walking: a listener added during an emit is
    // called from the next one, as when `emit` copied the list (it did, on every reading).
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), subscription]);
    return () => {
      const current = this.listeners.get(event);
      if (current)
        this.listeners.set(
          event,
          current.filter((s) => s !== subscription),
        );
    };
  }

  emit<K extends BusEventName>(event: K, payload: BusEvents[K]): void {
    // A copy: a listener added or removed during this emit takes effect from the next one.
    const list = this.listeners.get(event);
    if (list === undefined) return;
    // Lists are replaced, never changed, by `on` and its removal: this one stays as it is.
    for (const { feature, listener } of list) {
      try {
        (listener as Listener<K>)(payload);
      } catch (err) {
        this.logger.error({ err, feature, event }, `listener of feature "${feature}" failed on ${event}`);
      }
    }
  }

  listenerCount(): number {
    let count = 0;
    for (const list of this.listeners.values()) count += list.length;
    return count;
  }
}
