import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import {
  Aedes,
  type AedesPublishPacket,
  type AuthenticateError,
  type Client,
  type PublishPacket,
} from 'aedes';
import { homeAssistantMayPublish, homeAssistantMayRead } from '../contract/homeAssistant';
import type { RefusalReason } from '../contract/payloads';
import { parseTopic } from '../contract/topics';
import { type DeviceIdentity, mayPublishTo, maySubscribe } from './acl';
import { ConnectLimiter, type ConnectLimits, DEFAULT_CONNECT_LIMITS } from './connectLimiter';
import { sameSecret, verifySecret } from './credentials';
import type { IntakeGate } from './intakeGate';
import { DEFAULT_PENDING_LOGIN_LIMITS, type PendingLoginLimits, PendingLogins } from './pendingLogins';
import {
  GuardedConnection,
  MAX_ADAPTER_PACKET_BYTES,
  MAX_DEVICE_PACKET_BYTES,
  MAX_SERVER_PACKET_BYTES,
} from './socketGuard';
import { VerifiedSecrets } from './verifiedSecrets';

/**
 * Where the broker hands every message that passed its ACL (the server's intake, which both broker
 * paths share); `receive` resolves once what the message said is durably stored, or with the
 * refusal it counted. `refused` counts what the ACL itself turned away.
 */
export interface BrokerIntake {
  receive(topic: string, payload: Uint8Array, source: IntakeSource): Promise<IntakeOutcome>;
  refused(refusal: Refusal & { topic: string; clientId: string | null }): void;
}

/** `ignored`: no reading in it, and nothing wrong with it (a log line, a clear of a retained topic). */
export type IntakeOutcome = 'stored' | 'duplicate' | 'ignored' | Refusal;

export interface Refusal {
  reason: RefusalReason;
  detail: string;
}

export interface MessageSource {
  deviceId: string | null;
  clientId: string | null;
  receivedAtMs: number;
}

/** A message's origin: the embedded broker vouches for `deviceId`; an external broker vouches for nobody. */
export interface IntakeSource extends MessageSource {
  broker: 'embedded' | 'external';
}

export interface DeviceDirectory {
  /** The active (not revoked) device with this id, or null; `adapter` for an off-the-shelf one. */
  findActiveDevice(
    deviceId: string,
  ): { fridgeId: string; secretHash: string; adapter?: DeviceIdentity['adapter'] } | null;
  /** Is this topic an active adapter device's availability topic (where its will goes)? */
  isAdapterWillTopic?(topic: string): boolean;
}

export interface BrokerEvents {
  deviceConnected(device: DeviceIdentity): void;
  deviceDisconnected(device: DeviceIdentity): void;
}

export interface BrokerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface EmbeddedBrokerOptions {
  devices: DeviceDirectory;
  intake: BrokerIntake;
  events: BrokerEvents;
  logger: BrokerLogger;
  /**
   * Credentials of the server's own client, which may publish and subscribe anywhere. Its
   * client id is reserved: no device may connect with it, and the server connects with no other.
   */
  serverCredentials: { username: string; password: string; clientId: string };
  /**
   * Home Assistant's login, when the site gives it one: it may read discovery under its prefix,
   * each fridge's `state` and `alerts` and the server's status, and publish only its own
   * `<prefix>/status` (birth and last will). Any client id but the server's or a device's.
   */
  homeAssistant?: { username: string; password: string; discoveryPrefix: string } | null;
  nowMs: () => number;
  /** How long a frozen subscriber may block delivery before it is cut off (aedes `drainTimeout`). */
  drainTimeoutMs?: number;
  /** Connection attempt and failed-login limits; defaults in DEFAULT_CONNECT_LIMITS. */
  connectLimits?: Partial<ConnectLimits>;
  /** Connections not logged in yet, in total and per address; defaults in DEFAULT_PENDING_LOGIN_LIMITS. */
  pendingLoginLimits?: Partial<PendingLoginLimits>;
  /**
   * Holds devices' connections while too many readings wait for their commit (broker/intakeGate.ts);
   * the intake reports the number waiting to it. Absent: connections are always read.
   */
  intakeGate?: IntakeGate | null;
}

/**
 * Refused payloads are acknowledged but moved under this prefix, which no `#` subscription
 * matches (MQTT 3.1.1 §4.7.2: `$` topics are not matched by leading wildcards). Closing the
 * connection instead would make a persistent-session device resend the same bad message forever.
 */
const QUARANTINE_PREFIX = '$quarantine/';

const SERVER_ROLE = Symbol('server');
const HOME_ASSISTANT_ROLE = Symbol('home-assistant');
type ClientRole = DeviceIdentity | typeof SERVER_ROLE | typeof HOME_ASSISTANT_ROLE;

function deviceOf(role: ClientRole | undefined): DeviceIdentity | null {
  return typeof role === 'object' ? role : null;
}

/** CONNACK return codes aedes sends for a refused login (MQTT 3.1.1 §3.2.2.3). */
const IDENTIFIER_REJECTED = 2;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

function authError(message: string, returnCode: 2 | 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/**
 * Overwrites a CONNECT's password once the login is decided. mqtt-packet's parser keeps the CONNECT
 * packet for the connection's life (its `settings`, read for the protocol version), and the
 * password is a view into the bytes the socket delivered, so every connected client's plaintext
 * secret stayed in the heap, where a heap snapshot or a core dump would show it. aedes reads the
 * password only to pass it to this hook (`lib/handlers/connect.js`); after it the bytes are zeros
 * (`tests/security/mqttAuth.test.ts`). The strings decoded from it for the check are
 * JavaScript's and cannot be overwritten: they are garbage after the check and go with the next
 * collection.
 */
function forgetPassword(password: Buffer | undefined): void {
  password?.fill(0);
}

/** The peer's address (TCP or TLS socket); aedes types `conn` as any duplex stream. */
function addressOf(client: Client): string {
  return (client.conn as { remoteAddress?: string } | undefined)?.remoteAddress ?? 'unknown';
}

export class EmbeddedBroker {
  readonly aedes: Aedes;
  private readonly roles = new WeakMap<Client, ClientRole>();
  private readonly deviceClients = new Map<string, Set<Client>>();
  private readonly servers: Server[] = [];
  private readonly limiter: ConnectLimiter;
  private readonly verifiedSecrets = new VerifiedSecrets();
  private readonly pendingLogins: PendingLogins;
  /** The tail of the one-at-a-time queue of password checks of each device being guessed at. */
  private readonly rationedChecks = new Map<string, Promise<boolean>>();

  private constructor(
    aedes: Aedes,
    private readonly options: EmbeddedBrokerOptions,
  ) {
    this.aedes = aedes;
    this.limiter = new ConnectLimiter({ ...DEFAULT_CONNECT_LIMITS, ...options.connectLimits }, options.nowMs);
    this.pendingLogins = new PendingLogins({
      ...DEFAULT_PENDING_LOGIN_LIMITS,
      ...options.pendingLoginLimits,
    });
  }

  static async create(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const aedes = await Aedes.createBroker({ drainTimeout: options.drainTimeoutMs ?? 30_000 });
    const broker = new EmbeddedBroker(aedes, options);
    broker.installHooks();
    return broker;
  }

  /** Listens for MQTT over TCP; resolves with the bound port (0 picks a free one). */
  listen(port: number, host: string): Promise<number> {
    return this.bind(
      createServer((socket) => this.accept(socket)),
      port,
      host,
    );
  }

  /** Listens for MQTT over TLS (MQTTS) with a PEM certificate and key; resolves with the bound port. */
  listenTls(port: number, host: string, credentials: { cert: Buffer; key: Buffer }): Promise<number> {
    return this.bind(
      createTlsServer(credentials, (socket) => this.accept(socket)),
      port,
      host,
    );
  }

  /**
   * Every connection reaches aedes through a GuardedConnection, which closes it as soon as a
   * packet declares more bytes than the limit (small until the login succeeds): aedes 1.x has
   * no maximum packet size and would buffer a declared 256 MB. Connections not logged in yet
   * are capped in total and per address; extra ones are closed before a byte is read.
   */
  private accept(socket: Socket): void {
    const { logger } = this.options;
    const address = socket.remoteAddress ?? 'unknown';
    const refusal = this.pendingLogins.admit(address);
    if (refusal) {
      logger.warn({ address, reason: refusal }, 'connection closed: too many connections not logged in');
      socket.destroy();
      return;
    }
    let pending = true;
    const release = () => {
      if (!pending) return;
      pending = false;
      this.pendingLogins.release(address);
    };
    const conn = new GuardedConnection(
      socket,
      (guardRefusal) =>
        logger.warn(
          {
            address,
            reason: guardRefusal.reason,
            declaredBytes: guardRefusal.reason === 'too-large' ? guardRefusal.remainingLength : null,
            loggedIn: !pending,
          },
          'connection closed: packet too large or malformed',
        ),
      this.options.intakeGate ?? null,
    );
    conn.once('loggedIn', release);
    conn.once('close', release);
    this.aedes.handle(conn);
  }

  /** Connections accepted that have not logged in yet. */
  pendingLoginCount(): number {
    return this.pendingLogins.counts().total;
  }

  private async bind(server: Server, port: number, host: string): Promise<number> {
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** Disconnects every live connection of a device, at once (revocation). */
  disconnectDevice(deviceId: string): number {
    const clients = [...(this.deviceClients.get(deviceId) ?? [])];
    this.deviceClients.delete(deviceId);
    this.verifiedSecrets.forget(deviceId);
    for (const client of clients) {
      this.roles.delete(client);
      client.close();
    }
    return clients.length;
  }

  /**
   * Publishes a retained QoS 1 message from the server itself, in process: what the server's own
   * MQTT client would send over loopback (a whole PUBLISH/PUBACK exchange and a parse on each
   * side per live status), aedes stores and delivers alike, as it does a last will.
   *
   * The payload stays the string it is: aedes keeps a retained message until the topic's next one,
   * and mqtt-packet encodes a string payload as UTF-8 when it writes it to a subscriber (the same
   * bytes as `Buffer.from`). A live status's JSON is already kept for the live feed and the list
   * (`statusJson`), so the broker keeps that same string: no copy into bytes of its own per change,
   * 1.4 kB and an ArrayBuffer fewer per fridge at 10,000 fridges (docs/scaling.md, "Ninth round:
   * the CPU a status change costs"). The callers pass whole strings (`JSON.stringify`'s), never a
   * slice of a larger one that the broker would hold alive. An empty string clears the topic
   * (aedes reads it as an empty payload, MQTT 3.1.1 §3.3.1.3).
   */
  publishRetained(topic: string, payload: string): void {
    this.aedes.publish(
      // aedes's type says Buffer; its Packet, its memory persistence and mqtt-packet take a string.
      { cmd: 'publish', topic, payload: payload as unknown as Buffer, qos: 1, retain: true, dup: false },
      (err) => {
        if (err) this.options.logger.warn({ err, topic }, 'retained publish failed');
      },
    );
  }

  connectedClientCount(): number {
    return this.aedes.connectedClients;
  }

  async close(): Promise<void> {
    const servers = this.servers.splice(0);
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private installHooks(): void {
    const { aedes } = this;
    aedes.preConnect = (client, packet, done) => {
      const { serverCredentials, logger } = this.options;
      const isServer =
        packet.username === serverCredentials.username &&
        sameSecret(packet.password?.toString('utf8') ?? '', serverCredentials.password);
      const refusal = isServer ? null : this.limiter.admitAttempt(addressOf(client));
      if (refusal === null) return done(null, true);
      logger.warn({ address: addressOf(client), reason: refusal }, 'connection refused: too many attempts');
      // No CONNACK: closing is the cheapest answer to a flood.
      return done(new Error(`connection refused: ${refusal}`), false);
    };
    aedes.authenticate = (client, username, password, done) => {
      this.authenticate(client, username, password).then(
        (role) => {
          forgetPassword(password);
          this.roles.set(client, role);
          if (client.conn instanceof GuardedConnection) {
            client.conn.loggedIn(
              role === SERVER_ROLE
                ? MAX_SERVER_PACKET_BYTES
                : deviceOf(role)?.adapter
                  ? MAX_ADAPTER_PACKET_BYTES
                  : MAX_DEVICE_PACKET_BYTES,
              deviceOf(role) !== null,
            );
          }
          const device = deviceOf(role);
          if (device) {
            const clients = this.deviceClients.get(device.deviceId) ?? new Set<Client>();
            clients.add(client);
            this.deviceClients.set(device.deviceId, clients);
          }
          done(null, true);
        },
        (err: AuthenticateError) => {
          forgetPassword(password);
          done(err, false);
        },
      );
    };
    aedes.authorizePublish = (client, packet, done) => {
      this.authorizePublish(client, packet).then(
        () => done(null),
        (err: Error) => done(err),
      );
    };
    aedes.authorizeSubscribe = (client, subscription, done) => {
      const role = this.roles.get(client);
      if (role === SERVER_ROLE) return done(null, subscription);
      if (this.mayRead(role, subscription.topic)) return done(null, subscription);
      this.options.logger.warn({ clientId: client.id, filter: subscription.topic }, 'subscription refused');
      // A null subscription answers SUBACK 0x80 (failure) without closing the connection.
      return done(null, null);
    };
    aedes.authorizeForward = (client, packet: AedesPublishPacket) => {
      if (packet.topic.startsWith(QUARANTINE_PREFIX)) return null;
      const role = this.roles.get(client);
      if (role === SERVER_ROLE) return packet;
      // A session only ever receives what its device may subscribe to, whatever subscriptions or
      // queued messages it carries (queued QoS 1 messages pass here too, aedes `emptyQueue`).
      // A topic name has no wildcards, so the subscription rule answers for it exactly.
      return this.mayRead(role, packet.topic) ? packet : null;
    };
    aedes.on('clientReady', (client) => {
      const device = deviceOf(this.roles.get(client));
      if (device) this.options.events.deviceConnected(device);
    });
    aedes.on('clientDisconnect', (client) => {
      const device = deviceOf(this.roles.get(client));
      if (device) {
        const clients = this.deviceClients.get(device.deviceId);
        clients?.delete(client);
        // A reconnect that takes over the session closes the old connection after the new one
        // is ready: the device is still online then.
        if (!clients || clients.size === 0) this.options.events.deviceDisconnected(device);
      }
    });
  }

  /** What a device or Home Assistant may subscribe to and be sent (the server reads everything). */
  private mayRead(role: ClientRole | undefined, filter: string): boolean {
    if (role === HOME_ASSISTANT_ROLE) {
      const prefix = this.options.homeAssistant?.discoveryPrefix;
      return prefix !== undefined && homeAssistantMayRead(filter, prefix);
    }
    const device = deviceOf(role);
    return device !== null && maySubscribe(device, filter);
  }

  private async authenticate(client: Client, username: string | undefined, password: Buffer | undefined) {
    const { serverCredentials, devices, logger } = this.options;
    const secret = password?.toString('utf8') ?? '';
    const address = addressOf(client);
    if (username === serverCredentials.username) {
      if (!sameSecret(secret, serverCredentials.password)) {
        this.limiter.recordFailure(address, null);
        throw authError('bad server credentials', BAD_USERNAME_OR_PASSWORD);
      }
      if (client.id !== serverCredentials.clientId) {
        throw authError('the server connects with its own client id', IDENTIFIER_REJECTED);
      }
      return SERVER_ROLE;
    }
    const homeAssistant = this.options.homeAssistant;
    if (homeAssistant && username === homeAssistant.username) {
      if (!sameSecret(secret, homeAssistant.password)) {
        this.limiter.recordFailure(address, null);
        throw authError('bad Home Assistant credentials', BAD_USERNAME_OR_PASSWORD);
      }
      // Taking over a device's or the server's session would cut it off (MQTT 3.1.1 §3.1.4-2).
      if (client.id === serverCredentials.clientId || devices.findActiveDevice(client.id)) {
        throw authError(
          "Home Assistant may not use a device's or the server's client id",
          IDENTIFIER_REJECTED,
        );
      }
      return HOME_ASSISTANT_ROLE;
    }
    // The client id names the session: whoever connects with it takes the session over, its
    // queued QoS 1 messages included, and cuts the holder off (MQTT 3.1.1 §3.1.4-2, §4.1). So
    // a device connects with its own device id only; the server's id is never a device's.
    // Checked before the costly password check: a mismatch is refused whatever the secret.
    if (!username || client.id !== username || client.id === serverCredentials.clientId) {
      logger.warn(
        { clientId: client.id, username: username ?? null, address },
        "connection refused: the client id is not the device's id",
      );
      throw authError('the client id must be the device id', IDENTIFIER_REJECTED);
    }
    const device = devices.findActiveDevice(username);
    const known = device ? this.verifiedSecrets.check(username, device.secretHash, secret) : 'unverified';
    // The secret this device logged in with before needs no scrypt, so no limit applies to it:
    // a device behind the same NAT address as a guesser stays online (docs/protocol.md).
    if (device && known === 'right') return this.admitted(username, device);
    // Refused before the (costly) password check, so guessing costs the attacker, not the broker.
    const lockout = this.limiter.lockout(address);
    if (lockout) {
      logger.warn(
        { clientId: client.id, address, reason: lockout },
        'connection refused: too many failed logins',
      );
      throw authError(`too many failed logins (${lockout})`, NOT_AUTHORIZED);
    }
    const verified =
      device !== null &&
      known === 'unverified' &&
      (await this.checkPassword(username, () => verifySecret(secret, device.secretHash)));
    if (!device || !verified) {
      this.limiter.recordFailure(address, device ? username : null);
      logger.warn({ clientId: client.id, username, address }, 'device authentication failed');
      throw authError('bad username or password', BAD_USERNAME_OR_PASSWORD);
    }
    // Checked again after the await: a revocation may have landed while the hash was computed.
    if (!devices.findActiveDevice(username)) throw authError('device revoked', NOT_AUTHORIZED);
    this.verifiedSecrets.remember(username, device.secretHash, secret);
    return this.admitted(username, device);
  }

  private admitted(
    deviceId: string,
    device: { fridgeId: string; adapter?: DeviceIdentity['adapter'] },
  ): DeviceIdentity {
    this.limiter.recordSuccess(deviceId);
    return { deviceId, fridgeId: device.fridgeId, adapter: device.adapter ?? null };
  }

  /**
   * Runs a scrypt check; for a device being guessed at, one at a time. Guesses at one device
   * from many addresses then hold one scrypt thread at most, and the right secret waits its
   * turn instead of being refused: a stranger can slow a device's first login, never stop it.
   */
  private checkPassword(deviceId: string, check: () => Promise<boolean>): Promise<boolean> {
    if (!this.limiter.underGuessing(deviceId)) return check();
    const previous = this.rationedChecks.get(deviceId) ?? Promise.resolve(false);
    const result = previous.then(check, check);
    const tail = result.catch(() => false);
    this.rationedChecks.set(deviceId, tail);
    void tail.then(() => {
      if (this.rationedChecks.get(deviceId) === tail) this.rationedChecks.delete(deviceId);
    });
    return result;
  }

  private async authorizePublish(client: Client | null, packet: PublishPacket): Promise<void> {
    const role = client ? this.roles.get(client) : undefined;
    if (role === SERVER_ROLE) return;
    const topic = packet.topic;
    if (role === HOME_ASSISTANT_ROLE) {
      const prefix = this.options.homeAssistant?.discoveryPrefix ?? '';
      if (homeAssistantMayPublish(topic, prefix)) return;
      throw new Error(
        `not authorized: Home Assistant may publish only ${prefix}/status, not ${topic.slice(0, 200)}`,
      );
    }
    const clientId = client?.id ?? null;
    if (client && !role) throw new Error('client is not authenticated');
    // A will published by aedes for a client that is already gone has no client: it is
    // trusted only as far as its topic is a device status topic (or an adapter's availability).
    const device = deviceOf(role);
    const allowed =
      device === null
        ? parseTopic(topic)?.kind === 'deviceStatus' ||
          this.options.devices.isAdapterWillTopic?.(topic) === true
        : mayPublishTo(device, topic);
    if (!allowed) {
      const detail = `${topic.slice(0, 200)} is not this device's topic`;
      this.options.intake.refused({ topic, clientId, reason: 'not-authorized', detail });
      // MQTT-3.3.5-2: the server either acknowledges or closes the connection; a device
      // speaking out of turn is closed.
      throw new Error(`not authorized: ${detail}`);
    }
    // MQTT 3.1.1 §3.3.1.3: a retained PUBLISH with an empty payload clears the retained message
    // on its topic and is not stored. A device may clear its own topics (this one passed the ACL);
    // it is no reading, so nothing is ingested or counted.
    if (packet.retain && (packet.payload as Buffer).byteLength === 0) return;
    const outcome = await this.options.intake.receive(topic, packet.payload as Buffer, {
      broker: 'embedded',
      deviceId: device === null ? null : device.deviceId,
      clientId,
      receivedAtMs: this.options.nowMs(),
    });
    // The intake counted the refusal; the broker keeps it from every subscriber.
    if (typeof outcome === 'object') this.quarantine(packet);
  }

  private quarantine(packet: PublishPacket): void {
    packet.topic = QUARANTINE_PREFIX + packet.topic;
    packet.retain = false;
  }
}
