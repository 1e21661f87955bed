import { type BrokerLogin, type MosquittoFiles, mosquittoFiles } from '../adapters/mosquitto/mosquittoFiles';
import {
  type MosquittoTargets,
  type WriteOutcome,
  writeMosquittoFiles,
} from '../adapters/mosquitto/mosquittoWriter';
import { mosquittoPasswordHash } from '../adapters/mosquitto/passwordHash';
import type { Config } from '../config';
import type { EventBus } from '../eventBus';
import type { FeatureFactory, FeatureModule } from '../featureModule';
import type { Logger } from '../logger';
import type { Db } from '../storage/database';
import { DeviceRepository } from '../storage/deviceRepository';

const RETRY_MS = 5000;

/** The Home Assistant login's user name, as on the embedded broker (server/system.ts). */
export const MOSQUITTO_HOME_ASSISTANT_USERNAME = 'homeassistant';

export interface MosquittoLogins {
  server: { username: string; password: string } | null;
  homeAssistant: { username: string; password: string; discoveryPrefix: string } | null;
}

/** The logins that are not devices, from the config: the server's, and Home Assistant's if it has one. */
export function loginsFromConfig(config: Readonly<Config>): MosquittoLogins {
  return {
    server:
      config.mqttUsername !== null && config.mqttPassword !== null
        ? { username: config.mqttUsername, password: config.mqttPassword }
        : null,
    homeAssistant:
      config.homeAssistantMqttPassword !== null
        ? {
            username: MOSQUITTO_HOME_ASSISTANT_USERNAME,
            password: config.homeAssistantMqttPassword,
            discoveryPrefix: config.homeAssistantDiscoveryPrefix,
          }
        : null,
  };
}

/** Hashes the non-device logins once, so rewrites for device changes leave their lines alone. */
export async function hashLogins(logins: MosquittoLogins): Promise<{
  server: BrokerLogin | null;
  homeAssistant: (BrokerLogin & { discoveryPrefix: string }) | null;
}> {
  const { server, homeAssistant } = logins;
  return {
    server: server && {
      username: server.username,
      passwordHash: await mosquittoPasswordHash(server.password),
    },
    homeAssistant: homeAssistant && {
      username: homeAssistant.username,
      discoveryPrefix: homeAssistant.discoveryPrefix,
      passwordHash: await mosquittoPasswordHash(homeAssistant.password),
    },
  };
}

/** The files as the registry in `db` has them now. */
export function filesFromRegistry(
  devices: DeviceRepository,
  logins: Awaited<ReturnType<typeof hashLogins>>,
): MosquittoFiles {
  return mosquittoFiles({ devices: devices.allActive(), ...logins });
}

export interface MosquittoSyncOptions {
  db: Db;
  bus: EventBus;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  logins: MosquittoLogins;
  targets: MosquittoTargets;
}

/**
 * Keeps an external Mosquitto's password and ACL files in step with the device registry: written
 * at start, and again (then SIGHUP) after each registration, revocation or new secret. Mosquitto
 * 2.0 re-checks every connected client at a reload and disconnects one whose user is gone or
 * whose password no longer matches, so a revoked device is cut off within the reload. Changes
 * that land together (a bulk import's thousand devices) make one rewrite.
 */
export class MosquittoSync implements FeatureModule {
  readonly name = 'mosquittoSync';
  private readonly devices: DeviceRepository;
  private logins: Awaited<ReturnType<typeof hashLogins>> | null = null;
  private unsubscribe: Array<() => void> = [];
  private pending: NodeJS.Immediate | null = null;
  private retry: NodeJS.Timeout | null = null;
  private lastError: string | null = null;
  private syncs = 0;

  constructor(private readonly options: MosquittoSyncOptions) {
    // The repository's clock is only used for writes, which this feature never makes.
    this.devices = new DeviceRepository(options.db, () => 0);
  }

  async start(): Promise<void> {
    this.logins = await hashLogins(this.options.logins);
    const { bus } = this.options;
    const later = () => this.schedule();
    this.unsubscribe = [
      bus.on('deviceRegistered', this.name, later),
      bus.on('deviceRevoked', this.name, later),
      bus.on('deviceLoginChanged', this.name, later),
    ];
    this.syncNow();
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    if (this.pending) clearImmediate(this.pending);
    if (this.retry) clearTimeout(this.retry);
    this.pending = null;
    this.retry = null;
  }

  health(): { ok: boolean; detail?: string } {
    return this.lastError === null
      ? { ok: true }
      : { ok: false, detail: `mosquitto files: ${this.lastError}` };
  }

  /** How many times the files were compared with the registry (for tests: a rewrite has happened). */
  syncCount(): number {
    return this.syncs;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = setImmediate(() => {
      this.pending = null;
      this.syncNow();
    });
  }

  /** Rewrites what changed; after a failure, signals again even when the files already match. */
  syncNow(): WriteOutcome | null {
    if (!this.logins) return null;
    const { logger, targets } = this.options;
    const retrying = this.lastError !== null;
    try {
      const files = filesFromRegistry(this.devices, this.logins);
      const outcome = writeMosquittoFiles(files, targets, { signalEvenIfUnchanged: retrying });
      if (files.withoutHash.length > 0 || files.nameTaken.length > 0)
        logger.warn(
          { withoutHash: files.withoutHash, nameTaken: files.nameTaken },
          'devices left out of the Mosquitto files: give each a new secret (POST /api/devices/{id}/secret) or a new id',
        );
      this.lastError = null;
      return outcome;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      logger.error({ err: error }, 'the Mosquitto files could not be written or Mosquitto not signalled');
      // Mosquitto may not be up yet (no pid file): tried again until it works, as health says.
      if (this.unsubscribe.length > 0 && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = null;
          this.schedule();
        }, RETRY_MS);
        this.retry.unref();
      }
      return null;
    } finally {
      this.syncs++;
    }
  }
}

export const mosquittoSyncFeature: FeatureFactory = ({ config, db, bus, logger }) => {
  const { mosquittoPasswordFile, mosquittoAclFile, mosquittoPidFile } = config;
  if (mosquittoPasswordFile === null || mosquittoAclFile === null)
    return { name: 'mosquittoSync', start() {}, stop() {} };
  return new MosquittoSync({
    db,
    bus,
    logger: logger.child({ feature: 'mosquittoSync' }),
    logins: loginsFromConfig(config),
    targets: { passwordFile: mosquittoPasswordFile, aclFile: mosquittoAclFile, pidFile: mosquittoPidFile },
  });
};
