import Database from 'better-sqlite3';
import type { ServerMqttClient } from '../../server/adapters/serverMqttClient';
import { DEFAULT_LEVELS, loadConfig } from '../../server/config';
import { type BusEvents, EventBus } from '../../server/eventBus';
import type { FeatureContext } from '../../server/featureModule';
import { AlertsFeature } from '../../server/features/alerts/alertsFeature';
import { FridgeCatalog } from '../../server/features/fridgeCatalog';
import { NotificationService } from '../../server/features/notifications/notificationService';
import type { SiteAdmin } from '../../server/features/siteAdmin';
import type { SiteAddress } from '../../server/siteAddress';
import { type Db, openMemoryDatabase } from '../../server/storage/database';
import { DeviceRepository } from '../../server/storage/deviceRepository';
import { FridgeRepository } from '../../server/storage/fridgeRepository';
import { SqliteReadingStore } from '../../server/storage/readingStore';
import { StateStore } from '../../server/storage/stateStore';
import { VolunteerRepository } from '../../server/storage/volunteerRepository';
import type { TestClock } from './testClock';
import { ADMIN_TOKEN, silentLogger, TEST_START_MS } from './testSystem';

/** A reading as ingest stores it (`readings`) and then announces it (`readingAccepted`), before it has its row id. */
export type RuleReading = Omit<BusEvents['readingAccepted'], 'id'>;

/**
 * A site's database in memory: the fridges `ids` (kind fridge, two shelves), each with a device
 * `{id}-dev`, and an organiser who hears food-safety and device-health notices of all of them.
 */
export function alertSiteDb(ids: readonly string[]): Db {
  const db = openMemoryDatabase();
  const fridges = new FridgeRepository(db, () => TEST_START_MS);
  for (const id of ids)
    fridges.insert({
      id,
      name: `${id} fridge`,
      kind: 'fridge',
      address: null,
      simulated: false,
      shelves: [
        { id: 's1', tareKg: 2, capacityKg: 20 },
        { id: 's2', tareKg: 2, capacityKg: 20 },
      ],
      levels: null,
      location: null,
      openingHours: null,
    });
  const devices = new DeviceRepository(db, () => TEST_START_MS);
  // No device logs in here: its secret is never checked.
  for (const id of ids) devices.insert(`${id}-dev`, id, { secretHash: 'unused', mosquittoHash: 'unused' });
  new VolunteerRepository(db).save({
    id: 'ana',
    name: 'Ana',
    role: 'organiser',
    channels: [{ type: 'email', address: 'ana@example.invalid' }],
    fridgeIds: [...ids],
    quietHours: null,
    notices: { restock: true, foodSafety: true, deviceHealth: true },
    language: 'en',
    unsubscribedAtMs: null,
    linkKey: '0123456789abcdef0123456789abcdef',
    createdAtMs: TEST_START_MS,
    updatedAtMs: TEST_START_MS,
  });
  return db;
}

/** What `kill -9` leaves: the database file as it is now, opened again. */
export const afterCrash = (db: Db): Db => new Database(db.serialize());

/**
 * The alerts feature over `db` as the server wires it (bus, catalogue, notification outbox), with
 * readings stored and announced by hand, the way ingest does: the test decides which are stored
 * and which announced. Alert ids come from `ids`, shared by the runs a test compares.
 */
export class AlertRulesOn {
  readonly bus = new EventBus(silentLogger);
  readonly feature: AlertsFeature;
  private readonly log: SqliteReadingStore;
  /** Rows stored but not announced yet: a batch committed on the writer thread, on its way back. */
  private unannounced: number | null = null;

  constructor(
    readonly db: Db,
    readonly clock: TestClock,
    ids: { next: number } = { next: 0 },
  ) {
    const config = loadConfig({}, { demo: false, adminToken: ADMIN_TOKEN, timeZone: 'UTC' });
    const catalog = new FridgeCatalog({
      fridges: new FridgeRepository(db, clock.nowMs),
      states: new StateStore(db),
      bus: this.bus,
      clock,
      defaultLevels: DEFAULT_LEVELS,
      timeZone: 'UTC',
    });
    catalog.start();
    // The alerts publish their retained set; no broker here.
    const mqtt = { publishRetained: () => {} } as unknown as ServerMqttClient;
    const notifications = new NotificationService({
      db,
      config,
      clock,
      logger: silentLogger,
      mqtt,
      publicUrl: () => 'http://fridges.example.invalid',
      timeZone: 'UTC',
    });
    const context: FeatureContext = {
      config,
      db,
      bus: this.bus,
      clock,
      logger: silentLogger,
      catalog,
      // Neither is used by the alerts feature.
      admin: {} as SiteAdmin,
      site: {} as SiteAddress,
      mqtt,
      timeZone: 'UTC',
      notifications,
      readingsAnnouncedUpTo: () => this.unannounced,
    };
    this.feature = new AlertsFeature(context, notifications, () => `al-${++ids.next}`);
    this.log = new SqliteReadingStore(db);
  }

  /** Stores a reading (one committed row); returns its id. */
  store(reading: RuleReading): number {
    this.log.append([{ ...reading, sourceKey: reading.fridgeId, seq: null, clockSkew: false }]);
    return (this.db.prepare('SELECT MAX(id) AS id FROM readings').get() as { id: number }).id;
  }

  /** Announces a stored reading to the features, as ingest does after its commit. */
  announce(id: number, reading: RuleReading): void {
    this.bus.emit('readingAccepted', { id, ...reading });
  }

  /** Stored and announced: a reading the server took live. */
  reading(reading: RuleReading): number {
    const id = this.store(reading);
    this.announce(id, reading);
    return id;
  }

  /**
   * From now on, what `readingsAnnouncedUpTo` says while a batch is on the writer thread: the
   * last reading announced (null: every stored reading has been).
   */
  announcedUpTo(id: number | null): void {
    this.unannounced = id;
  }

  /** The notices the alert changes put in the outbox, by kind, oldest first. */
  noticeKinds(): string[] {
    return (
      this.db.prepare('SELECT kind FROM notices ORDER BY created_at, rowid').all() as Array<{ kind: string }>
    ).map((row) => row.kind);
  }

  /** Every alert stored (open and resolved), without its id, in a stable order. */
  storedAlerts(): unknown[] {
    return (this.db.prepare('SELECT record FROM alerts').all() as Array<{ record: string }>)
      .map((row) => {
        const { id: _id, ...alert } = JSON.parse(row.record) as { id: string };
        return alert;
      })
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }

  /** Every fridge's memory as saved (`alert_state` without its cursor), after a stop wrote it all. */
  savedMemory(): Array<{ fridge_id: string; state: string; gaps: string | null }> {
    return this.db
      .prepare('SELECT fridge_id, state, hex(gaps) AS gaps FROM alert_state ORDER BY fridge_id')
      .all() as Array<{ fridge_id: string; state: string; gaps: string | null }>;
  }
}
