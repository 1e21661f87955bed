import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HOME_ASSISTANT_ONLINE, homeAssistantTopics } from '../../contract/homeAssistant';
import { type DiscoveryOptions, discoveryMessages, discoveryTopics } from '../domain/homeAssistant/discovery';
import type { FeatureContext, FeatureModule } from '../featureModule';
import { SettingsStore } from '../storage/settingsStore';

const SOFTWARE_NAME = 'Community fridge monitor';

/** Our version from package.json, read once: the `origin` and device `sw_version` Home Assistant shows. */
function softwareVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** What the device block shows of a fridge: its name, and its kind as the model. */
function announcedAs(fridge: { name: string; kind: string }): string {
  return `${fridge.kind}:${fridge.name}`;
}

/** On by default with an external broker (where Home Assistant usually already is) or a Home Assistant login. */
export function discoveryEnabled(config: FeatureContext['config']): boolean {
  return (
    config.homeAssistantDiscovery ?? (config.mqttUrl !== null || config.homeAssistantMqttPassword !== null)
  );
}

/**
 * Publishes every fridge to Home Assistant through MQTT discovery (docs/home-assistant.md): seven
 * retained configs per fridge, sent again whenever Home Assistant announces itself `online` on
 * `<prefix>/status` (its birth message: it may have lost them, e.g. on a broker without
 * persistence) and when a fridge is renamed; an empty retained payload on each when a fridge is
 * deleted, which removes the device from Home Assistant.
 */
export class HomeAssistantDiscovery {
  /** The name and kind each fridge was announced with, so a state change re-announces only when they change. */
  private readonly announced = new Map<string, string>();
  private unsubscribe: Array<() => void> = [];
  private unsubscribeStatus: (() => Promise<void>) | null = null;

  constructor(
    private readonly context: Pick<FeatureContext, 'bus' | 'catalog' | 'mqtt' | 'logger'>,
    private readonly options: DiscoveryOptions,
    /**
     * Where an external broker's retained configs are remembered across restarts (null: the
     * embedded broker, whose retained messages live in memory and are gone after a restart).
     */
    private readonly retained: RetainedDiscovery | null = null,
  ) {}

  async start(): Promise<void> {
    const { bus, mqtt } = this.context;
    this.unsubscribe = [
      bus.on('fridgeStateChanged', 'homeAssistantDiscovery', ({ status }) => {
        if (this.announced.get(status.id) !== announcedAs(status)) this.announce(status);
      }),
      bus.on('fridgeRemoved', 'homeAssistantDiscovery', ({ fridgeId }) => this.withdraw(fridgeId)),
    ];
    this.unsubscribeStatus = await mqtt.subscribe(
      homeAssistantTopics.status(this.options.prefix),
      (payload) => {
        if (payload.toString('utf8') === HOME_ASSISTANT_ONLINE) this.announceAll();
      },
    );
    // The broker still holds what the last clean stop left announced: seven retained configs per
    // fridge, 70,000 at 10,000 fridges, were sent again on every restart behind Mosquitto (issue 12:
    // 13.3 s to restart against 7.4 s with the embedded broker). Home Assistant's birth message
    // still sends them all. Forgotten until the next clean stop, so a crash announces again.
    const remembered = this.retained?.take() ?? null;
    if (remembered !== null && remembered === this.digest()) {
      for (const status of this.context.catalog.statuses())
        this.announced.set(status.id, announcedAs(status));
    } else {
      this.announceAll();
    }
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    // Connected, the client's clean end still delivers what is queued; otherwise it may not.
    if (this.retained && this.context.mqtt.connected) this.retained.keep(this.digest());
    const unsubscribeStatus = this.unsubscribeStatus;
    this.unsubscribeStatus = null;
    await unsubscribeStatus?.();
    this.announced.clear();
  }

  /** Every fridge's configs, as after Home Assistant's birth message. */
  announceAll(): void {
    for (const status of this.context.catalog.statuses()) this.announce(status);
  }

  private announce(fridge: { id: string; name: string; kind: 'fridge' | 'pantry' }): void {
    const messages = discoveryMessages(fridge, this.options);
    for (const { topic, config } of messages)
      this.context.mqtt.publishRetained(topic, JSON.stringify(config));
    this.announced.set(fridge.id, announcedAs(fridge));
  }

  /** Every fridge's configs as they would be announced now, in one hash. */
  private digest(): string {
    const hash = createHash('sha256');
    for (const status of this.context.catalog.statuses())
      for (const { topic, config } of discoveryMessages(status, this.options))
        hash.update(`${topic}\n${JSON.stringify(config)}\n`);
    return hash.digest('base64url');
  }

  /** An empty retained payload deletes the entity (Home Assistant "MQTT Discovery", MQTT 3.1.1 §3.3.1.3). */
  private withdraw(fridgeId: string): void {
    for (const topic of discoveryTopics(fridgeId, this.options.prefix))
      this.context.mqtt.publishRetained(topic, '');
    this.announced.delete(fridgeId);
  }
}

/** The digest of the configs an external broker holds retained, kept in the settings table. */
export interface RetainedDiscovery {
  /** The digest the last clean stop left, forgotten as it is read. */
  take(): string | null;
  keep(digest: string): void;
}

function retainedDiscovery(context: FeatureContext): RetainedDiscovery | null {
  const { config, db } = context;
  if (config.mqttUrl === null) return null;
  const settings = new SettingsStore(db);
  // Per broker and prefix: another broker holds none of them.
  const key = `homeAssistantDiscovery:${config.mqttUrl}:${config.homeAssistantDiscoveryPrefix}`;
  return {
    take: () => {
      const digest = settings.get(key);
      if (digest !== null) settings.set(key, '');
      return digest === '' ? null : digest;
    },
    keep: (digest) => settings.set(key, digest),
  };
}

/** The feature module; it runs only when discovery is on (`HA_DISCOVERY`, see `discoveryEnabled`). */
export function homeAssistantDiscoveryFeature(context: FeatureContext): FeatureModule {
  const enabled = discoveryEnabled(context.config);
  const discovery = new HomeAssistantDiscovery(
    context,
    {
      prefix: context.config.homeAssistantDiscoveryPrefix,
      software: { name: SOFTWARE_NAME, version: softwareVersion() },
      siteUrl: context.config.publicUrl?.replace(/\/+$/, '') ?? null,
    },
    retainedDiscovery(context),
  );
  return {
    name: 'homeAssistantDiscovery',
    start: () => (enabled ? discovery.start() : undefined),
    stop: () => (enabled ? discovery.stop() : undefined),
  };
}
