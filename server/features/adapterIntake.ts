import type { IntakeOutcome, IntakeSource, Refusal } from '../../broker/embeddedBroker';
import type { SensorValue } from '../../contract/payloads';
import { TRANSLATORS } from '../adapters/sensors';
import type { Observation, SensorBinding, SourceRefusal } from '../adapters/sensors/types';
import {
  type BindingMemory,
  type BindingStep,
  newBindingMemory,
  stepBindingMemory,
} from '../domain/bindingMemory';
import type { BindingRepository } from '../storage/bindingRepository';
import type { DeviceRepository } from '../storage/deviceRepository';
import type { AdapterDevice } from './adapterDirectory';
import type { Delivery } from './deliveryLedger';
import type { FridgeCatalog } from './fridgeCatalog';
import type { Ingest } from './ingest';

/** Above this an adapter message is refused unread; Zigbee2MQTT's bridge news is ignored unread. */
export const ADAPTER_PAYLOAD_BYTES = 16 * 1024;
/** Sources remembered per device for the organiser's "what has it sent" list. */
const SEEN_SOURCES_KEPT = 100;
/** A device's last refusal is written to disk at most this often (a flood must not become writes). */
const REFUSAL_WRITE_EVERY_MS = 10_000;

export interface AdapterIntakeOptions {
  ingest: Ingest;
  catalog: FridgeCatalog;
  devices: DeviceRepository;
  bindings: BindingRepository;
  nowMs: () => number;
}

export interface SeenSource {
  source: string;
  lastSeenMs: number;
  bound: boolean;
}

const bindingKey = (deviceId: string, b: SensorBinding) => `${deviceId}\u0000${b.source}\u0000${b.role}`;

/**
 * Messages of off-the-shelf devices: the device's translator turns them into observations, which
 * become contract readings for each bound fridge. They carry no seq, so a door state that repeats
 * the last one (a retained state re-sent on reconnect) is dropped here rather than deduplicated by
 * seq; a shelf that only ever reports whole kilograms gets a warning on its binding.
 */
export class AdapterIntake {
  private readonly memory = new Map<string, BindingMemory>();
  private readonly seen = new Map<string, Map<string, number>>();
  private readonly lastRefusalWrite = new Map<string, number>();
  private readonly lastRefusals = new Map<string, { reason: string; detail: string; atMs: number }>();

  constructor(private readonly options: AdapterIntakeOptions) {}

  async receive(
    device: AdapterDevice,
    topic: string,
    text: string,
    source: IntakeSource,
    delivery: Delivery | null = null,
  ): Promise<IntakeOutcome> {
    const translation = TRANSLATORS[device.kind]({
      topic,
      payload: text,
      root: device.root,
      bindings: device.bindings,
    });
    this.noteSeen(device, translation.seen);
    const refusals: Refusal[] = translation.refusals.map((r) => this.refusal(device, r));
    const pending: Array<Promise<'stored' | 'duplicate' | Refusal>> = [];
    const dropped: string[] = [];
    for (const observation of translation.observations) {
      for (const value of this.valuesOf(device, observation, dropped)) {
        const message = {
          fridgeId: value.fridgeId,
          value: value.value,
          ...this.timeOf(translation.deviceTimeMs),
        };
        pending.push(
          this.options.ingest.accept(
            message,
            { deviceId: device.id, clientId: source.clientId, receivedAtMs: source.receivedAtMs },
            // Every reading of the message carries it: they commit together (ingestCommits.ts).
            delivery,
          ),
        );
      }
    }
    let outcomes: Array<'stored' | 'duplicate' | Refusal>;
    try {
      outcomes = await Promise.all(pending);
    } catch (err) {
      // Not stored: the next resend of those doors must pass again.
      for (const key of dropped) this.memory.delete(key);
      for (const observation of translation.observations) {
        if (observation.kind === 'door') this.memory.delete(bindingKey(device.id, observation.binding));
      }
      throw err;
    }
    for (const outcome of outcomes)
      if (typeof outcome === 'object') refusals.push(this.refusal(device, { ...outcome, source: null }));
    for (const refusal of refusals)
      this.options.ingest.refused({ ...refusal, topic, clientId: source.clientId });
    if (outcomes.some((o) => o === 'stored')) return 'stored';
    if (refusals[0]) return refusals[0];
    return dropped.length > 0 ? 'duplicate' : 'ignored';
  }

  /** What the device has named under its prefix lately, newest first, bound or not. */
  seenSources(device: AdapterDevice): SeenSource[] {
    const bound = new Set(device.bindings.map((b) => b.source));
    return [...(this.seen.get(device.id) ?? new Map<string, number>())]
      .map(([source, lastSeenMs]) => ({ source, lastSeenMs, bound: bound.has(source) }))
      .sort((a, b) => b.lastSeenMs - a.lastSeenMs);
  }

  lastRefusal(deviceId: string): { reason: string; detail: string; atMs: number } | null {
    return this.lastRefusals.get(deviceId) ?? this.options.devices.lastRefusal(deviceId);
  }

  /** A device's bindings changed: what was remembered of the old ones no longer holds. */
  forget(deviceId: string): void {
    for (const key of [...this.memory.keys()])
      if (key.startsWith(`${deviceId}\u0000`)) this.memory.delete(key);
  }

  private timeOf(deviceTimeMs: number | undefined): { deviceTimeMs?: number } {
    return deviceTimeMs === undefined ? {} : { deviceTimeMs };
  }

  /** The contract readings one observation makes, after the per-binding memory had its say. */
  private valuesOf(
    device: AdapterDevice,
    observation: Observation,
    dropped: string[],
  ): Array<{ fridgeId: string; value: SensorValue }> {
    switch (observation.kind) {
      case 'availability': {
        const fridges =
          observation.source === null
            ? [...new Set(device.bindings.map((b) => b.fridgeId))]
            : [
                ...new Set(
                  device.bindings.filter((b) => b.source === observation.source).map((b) => b.fridgeId),
                ),
              ];
        return fridges.map((fridgeId) => ({
          fridgeId,
          value: { kind: 'deviceStatus', deviceId: device.id, online: observation.online },
        }));
      }
      case 'battery':
        return [
          {
            fridgeId: observation.binding.fridgeId,
            value: { kind: 'deviceStatus', deviceId: device.id, online: true, battery: observation.fraction },
          },
        ];
      case 'temperature':
        return [
          {
            fridgeId: observation.binding.fridgeId,
            value: { kind: 'temperature', celsius: observation.celsius },
          },
        ];
      case 'door': {
        const key = bindingKey(device.id, observation.binding);
        if (!this.step(device, observation.binding, { kind: 'door', open: observation.open })) {
          dropped.push(key);
          return [];
        }
        return [{ fridgeId: observation.binding.fridgeId, value: { kind: 'door', open: observation.open } }];
      }
      case 'weight': {
        const { binding } = observation;
        this.step(device, binding, { kind: 'weight', kg: observation.kg });
        if (binding.shelfId === null) return [];
        return [
          {
            fridgeId: binding.fridgeId,
            value: { kind: 'weight', shelfId: binding.shelfId, kg: observation.kg },
          },
        ];
      }
    }
  }

  /** Steps the binding's memory; persists a warning that changed. Returns whether to pass the reading on. */
  private step(device: AdapterDevice, binding: SensorBinding, step: BindingStep): boolean {
    const key = bindingKey(device.id, binding);
    const memory =
      this.memory.get(key) ??
      // The fridge's door as stored: a resend after a server restart is no news either.
      newBindingMemory(
        binding.role === 'door' ? (this.options.catalog.state(binding.fridgeId).door?.open ?? null) : null,
      );
    const verdict = stepBindingMemory(memory, step);
    this.memory.set(key, verdict.memory);
    const stored = device.bindings.find((b) => b.source === binding.source && b.role === binding.role);
    if (binding.role === 'weight' && stored && stored.warning !== verdict.warning) {
      stored.warning = verdict.warning;
      this.options.bindings.setWarning(device.id, binding.source, binding.role, verdict.warning);
    }
    return verdict.passOn;
  }

  private noteSeen(device: AdapterDevice, sources: string[]): void {
    if (sources.length === 0) return;
    const seen = this.seen.get(device.id) ?? new Map<string, number>();
    const now = this.options.nowMs();
    for (const source of sources.slice(0, 20)) {
      seen.delete(source);
      seen.set(source.slice(0, 200), now);
    }
    while (seen.size > SEEN_SOURCES_KEPT) {
      const oldest = seen.keys().next().value;
      if (oldest === undefined) break;
      seen.delete(oldest);
    }
    this.seen.set(device.id, seen);
  }

  private refusal(device: AdapterDevice, refusal: SourceRefusal): Refusal {
    const detail = `${device.id}: ${refusal.detail}`;
    const now = this.options.nowMs();
    const last = { reason: refusal.reason, detail, atMs: now };
    this.lastRefusals.set(device.id, last);
    if (now - (this.lastRefusalWrite.get(device.id) ?? Number.NEGATIVE_INFINITY) >= REFUSAL_WRITE_EVERY_MS) {
      this.lastRefusalWrite.set(device.id, now);
      this.options.devices.setLastRefusal(device.id, last);
    }
    return { reason: refusal.reason, detail };
  }
}
