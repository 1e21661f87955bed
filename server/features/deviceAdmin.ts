import {
  type AdapterKind,
  adapterFilters,
  availabilityTopic,
  isAdapterKind,
  isUnder,
  rootsOverlap,
  subscribePrefixes,
} from '../../contract/adapterTopics';
import type {
  BindingInput,
  CreateDeviceBody,
  DeviceCreated,
  DeviceDetails,
  DeviceSecret,
  SeenSources,
} from '../../contract/devices';
import { SERVER_CLIENT_ID } from '../../contract/ids';
import { SERVER_STATUS_TOPIC, TOPIC_ROOT } from '../../contract/topics';
import { READY_CONFIGS } from '../adapters/readyConfig';
import type { SensorBinding } from '../adapters/sensors/types';
import { checkBindings } from '../domain/bindingRules';
import { AppError, deviceNotFound } from '../errors';
import type { EventBus } from '../eventBus';
import type { BindingRepository } from '../storage/bindingRepository';
import type { Db } from '../storage/database';
import type { DeviceRepository } from '../storage/deviceRepository';
import type { AdapterDirectory } from './adapterDirectory';
import type { AdapterIntake } from './adapterIntake';
import { newDeviceSecret } from './deviceSecrets';
import type { FridgeCatalog } from './fridgeCatalog';
import type { SiteAdmin } from './siteAdmin';

export interface DeviceAdminOptions {
  db: Db;
  devices: DeviceRepository;
  bindings: BindingRepository;
  adapters: AdapterDirectory;
  adapterIntake: AdapterIntake;
  catalog: FridgeCatalog;
  bus: EventBus;
  siteAdmin: SiteAdmin;
  /** Cuts a device off the embedded broker (a new secret ends the old login's session). */
  disconnectDevice: (deviceId: string) => void;
  /** Subscribes the server to a new device's topics on an external broker (no-op when embedded). */
  subscribe: (filters: string[]) => Promise<void>;
  /** scrypt cost (log2 N) of new device secrets (config `deviceSecretHashCost`). */
  secretHashCost?: number;
}

/**
 * Devices of any kind (issue 15): a native one is registered on its fridge as before; an adapter
 * device gets one login for its own topic root and bindings from its sensors to fridges, which can
 * change later without new credentials.
 */
export class DeviceAdmin {
  private unsubscribe: Array<() => void> = [];

  constructor(private readonly options: DeviceAdminOptions) {}

  /** Keeps bindings in step with revocations and removed fridges. */
  start(): void {
    const { bus, adapters, bindings, catalog } = this.options;
    this.unsubscribe = [
      bus.on('deviceRevoked', 'deviceAdmin', ({ deviceId }) => {
        const fridges = adapters.fridgesOf(deviceId);
        adapters.reload();
        for (const fridgeId of fridges) catalog.reload(fridgeId);
      }),
      bus.on('fridgeRemoved', 'deviceAdmin', ({ fridgeId }) => {
        // An adapter device outlives a fridge it fed: it may feed others, and can be rebound.
        bindings.removeFridge(fridgeId);
        adapters.reload();
      }),
    ];
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  async create(body: CreateDeviceBody, mqttUrl: string): Promise<DeviceCreated> {
    const { devices, bindings, adapters, db, catalog, bus } = this.options;
    if (body.kind === 'native') return this.createNative(body, mqttUrl);
    const kind = body.kind;
    const root = body.topic;
    if (root === undefined) throw new AppError('BAD_REQUEST', `topic: a ${kind} device needs its topic root`);
    const checked = this.checkBindings(body.bindings);
    this.checkRoot(kind, root);
    if (body.deviceId === SERVER_CLIENT_ID || devices.get(body.deviceId))
      throw new AppError('DEVICE_EXISTS', body.deviceId);
    const { password, hashes } = await newDeviceSecret(this.options.secretHashCost);
    // Checked again: another registration may have landed while the secret was hashed.
    if (devices.get(body.deviceId)) throw new AppError('DEVICE_EXISTS', body.deviceId);
    this.checkRoot(kind, root);
    this.checkBindings(body.bindings);
    db.transaction(() => {
      devices.insertAdapter(body.deviceId, kind, root, checked[0]?.fridgeId ?? '', hashes);
      bindings.replace(body.deviceId, checked);
    })();
    adapters.reload();
    await this.options.subscribe(adapterFilters(kind, root));
    // An adapter device may be registered before any sensor is bound: its login exists all the same.
    bus.emit('deviceLoginChanged', { deviceId: body.deviceId });
    for (const fridgeId of new Set(checked.map((b) => b.fridgeId))) {
      catalog.reload(fridgeId);
      bus.emit('deviceRegistered', { deviceId: body.deviceId, fridgeId });
    }
    return {
      deviceId: body.deviceId,
      username: body.deviceId,
      password,
      mqttUrl,
      topics: { publish: adapterFilters(kind, root), availability: availabilityTopic(kind, root) },
      config: READY_CONFIGS[kind]({ deviceId: body.deviceId, password, mqttUrl, root, bindings: checked }),
    };
  }

  /** New bindings for an adapter device; its login and topic stay. */
  rebind(deviceId: string, inputs: readonly BindingInput[]): DeviceDetails {
    const { devices, bindings, adapters, db, catalog, adapterIntake } = this.options;
    const device = devices.get(deviceId);
    if (!device || device.revokedAtMs !== null) throw deviceNotFound(deviceId);
    if (!isAdapterKind(device.kind))
      throw new AppError(
        'BAD_REQUEST',
        `device "${deviceId}" is native: its topics name its fridge, it has no bindings`,
      );
    const before = new Set(adapters.fridgesOf(deviceId));
    const checked = this.checkBindings(inputs);
    db.transaction(() => {
      bindings.replace(deviceId, checked);
      devices.setHomeFridge(deviceId, checked[0]?.fridgeId ?? '');
    })();
    adapters.reload();
    adapterIntake.forget(deviceId);
    for (const fridgeId of new Set([...before, ...checked.map((b) => b.fridgeId)])) catalog.reload(fridgeId);
    return this.details(deviceId);
  }

  /**
   * A new secret for a device of any kind, shown once: for a lost password, a device handed on,
   * or one registered before Mosquitto's hash was kept (docs/external-broker.md). Its session on
   * the embedded broker ends at once; an external Mosquitto drops it at the next reload.
   */
  async replaceSecret(deviceId: string, mqttUrl: string): Promise<DeviceSecret> {
    const { devices, bus, disconnectDevice } = this.options;
    const device = devices.get(deviceId);
    if (!device || device.revokedAtMs !== null) throw deviceNotFound(deviceId);
    const { password, hashes } = await newDeviceSecret(this.options.secretHashCost);
    // Revoked while the secret was hashed: nothing to replace.
    if (!devices.replaceSecret(deviceId, hashes)) throw deviceNotFound(deviceId);
    disconnectDevice(deviceId);
    bus.emit('deviceLoginChanged', { deviceId });
    return { deviceId, username: deviceId, password, mqttUrl };
  }

  details(deviceId: string): DeviceDetails {
    const { devices, bindings, adapterIntake } = this.options;
    const device = devices.get(deviceId);
    if (!device) throw deviceNotFound(deviceId);
    const bound = bindings.forDevice(deviceId);
    const refusal = adapterIntake.lastRefusal(deviceId);
    const fridgeIds =
      device.kind === 'native' ? [device.fridgeId] : [...new Set(bound.map((b) => b.fridgeId))];
    return {
      deviceId,
      kind: device.kind,
      topic: device.topicRoot,
      fridgeIds,
      revoked: device.revokedAtMs !== null,
      bindings: bound.map((b) => ({ ...b })),
      lastRefusal: refusal
        ? { reason: refusal.reason, detail: refusal.detail, at: new Date(refusal.atMs).toISOString() }
        : null,
    };
  }

  sources(deviceId: string): SeenSources {
    const device = this.options.adapters.get(deviceId);
    if (!device) throw deviceNotFound(deviceId);
    return this.options.adapterIntake
      .seenSources(device)
      .map((s) => ({ source: s.source, lastSeen: new Date(s.lastSeenMs).toISOString(), bound: s.bound }));
  }

  /** A native device through the one API shape: its sensors all publish for one fridge. */
  private async createNative(body: CreateDeviceBody, mqttUrl: string): Promise<DeviceCreated> {
    const fridgeIds = [...new Set(body.bindings.map((b) => b.fridgeId))];
    const [fridgeId] = fridgeIds;
    if (fridgeIds.length !== 1 || fridgeId === undefined)
      throw new AppError(
        'BAD_REQUEST',
        'bindings: a native device publishes for exactly one fridge; name it once',
      );
    const registration = await this.options.siteAdmin.registerDevice(fridgeId, body.deviceId, mqttUrl);
    const { door, temperature, shelves, status } = registration.topics;
    const text = [
      'Our own contract (docs/protocol.md); connect with client id = username, QoS 1, clean session off.',
      `door: ${door}`,
      `temperature: ${temperature}`,
      ...Object.entries(shelves).map(([id, topic]) => `shelf ${id}: ${topic}`),
      `status (will): ${status}`,
      '',
    ].join('\n');
    return {
      deviceId: registration.deviceId,
      username: registration.username,
      password: registration.password,
      mqttUrl,
      topics: { publish: [door, temperature, ...Object.values(shelves), status], availability: status },
      config: { format: 'text', target: 'your firmware', text },
    };
  }

  private checkRoot(kind: AdapterKind, root: string): void {
    // Our contract, the server's own status and Home Assistant's discovery are nobody else's.
    const reserved = [TOPIC_ROOT, SERVER_STATUS_TOPIC.split('/')[0] ?? TOPIC_ROOT, 'homeassistant'];
    const clash = reserved.find((r) =>
      subscribePrefixes(kind, root).some((p) => isUnder(p, r) || isUnder(r, p)),
    );
    if (clash !== undefined)
      throw new AppError('BAD_REQUEST', `topic: "${root}" would reach "${clash}/", which is reserved`);
    for (const other of this.options.adapters.all()) {
      if (rootsOverlap({ kind, root }, { kind: other.kind, root: other.root }))
        throw new AppError('DEVICE_TOPIC_TAKEN', root, other.id);
    }
  }

  private checkBindings(inputs: readonly BindingInput[]): SensorBinding[] {
    return checkBindings(inputs, (id) => this.options.catalog.definition(id));
  }
}
