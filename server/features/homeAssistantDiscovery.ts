import { readFileSync } from 'node:fs';
import { HOME_ASSISTANT_ONLINE, homeAssistantTopics } from '../../contract/homeAssistant';
import { type DiscoveryOptions, discoveryMessages, discoveryTopics } from '../domain/homeAssistant/discovery';
import type { FeatureContext, FeatureModule } from '../featureModule';

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
    this.announceAll();
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
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

  /** An empty retained payload deletes the entity (Home Assistant "MQTT Discovery", MQTT 3.1.1 §3.3.1.3). */
  private withdraw(fridgeId: string): void {
    for (const topic of discoveryTopics(fridgeId, this.options.prefix))
      this.context.mqtt.publishRetained(topic, '');
    this.announced.delete(fridgeId);
  }
}

/** The feature module; it runs only when discovery is on (`HA_DISCOVERY`, see `discoveryEnabled`). */
export function homeAssistantDiscoveryFeature(context: FeatureContext): FeatureModule {
  const enabled = discoveryEnabled(context.config);
  const discovery = new HomeAssistantDiscovery(context, {
    prefix: context.config.homeAssistantDiscoveryPrefix,
    software: { name: SOFTWARE_NAME, version: softwareVersion() },
    siteUrl: context.config.publicUrl?.replace(/\/+$/, '') ?? null,
  });
  return {
    name: 'homeAssistantDiscovery',
    start: () => (enabled ? discovery.start() : undefined),
    stop: () => (enabled ? discovery.stop() : undefined),
  };
}
