/**
 * Limits on MQTT connection attempts, kept apart from the broker so they are pure and take
 * an injected clock. Two concerns:
 *
 * - a flood of CONNECT packets from one address costs a scrypt verification each (about 90 ms
 *   of CPU on a mini PC): attempts per address are capped;
 * - guessing passwords: after a few failed authentications an address is refused without
 *   checking the password until its window passes, and a device that is being guessed at is
 *   reported so the broker can ration the verifications spent on it.
 *
 * Nothing here is keyed on what a stranger may name at will (a client id, a device id, which are
 * public in `GET /api/fridges`) in a way that refuses the right secret: a lockout by device id
 * would let anyone keep a real device offline. Failures of a device id are counted only once the
 * device is known to exist (so invented names cannot fill the table), and only ever slow wrong
 * guesses down.
 *
 * Device secrets are 144-bit random, so guessing one is hopeless anyway; the limits keep the
 * CPU and the logs of a small machine out of an attacker's hands.
 */
export interface ConnectLimits {
  /** The sliding window over which attempts and failures are counted, in ms. */
  windowMs: number;
  /**
   * CONNECT packets one address may send per window. Generous: every device of a site behind
   * one NAT router shares the address, and they all reconnect after a broker restart.
   */
  maxAttemptsPerAddress: number;
  /**
   * Failed authentications of one existing device per window after which it counts as being
   * guessed at (its password checks are then rationed; the right secret still gets in).
   */
  maxFailuresPerDevice: number;
  /** Failed authentications from one address per window before it is locked out. */
  maxFailuresPerAddress: number;
  /** Most keys remembered per table; the oldest are forgotten first (bounds memory under attack). */
  maxTrackedKeys: number;
}

export const DEFAULT_CONNECT_LIMITS: Readonly<ConnectLimits> = Object.freeze({
  windowMs: 60_000,
  maxAttemptsPerAddress: 300,
  maxFailuresPerDevice: 10,
  maxFailuresPerAddress: 30,
  maxTrackedKeys: 10_000,
});

export type ConnectRefusal = 'too-many-attempts' | 'address-locked';

/** Timestamps per key inside a sliding window, with a bound on the number of keys. */
class WindowCounter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys: number,
    /** Timestamps kept per key: enough to know the limit is reached. */
    private readonly keepPerKey: number,
  ) {}

  count(key: string, nowMs: number): number {
    const times = this.events.get(key);
    if (!times) return 0;
    const live = times.filter((atMs) => nowMs - atMs < this.windowMs);
    if (live.length === 0) this.events.delete(key);
    else this.events.set(key, live);
    return live.length;
  }

  add(key: string, nowMs: number): void {
    const times = (this.events.get(key) ?? []).filter((atMs) => nowMs - atMs < this.windowMs);
    times.push(nowMs);
    if (times.length > this.keepPerKey) times.splice(0, times.length - this.keepPerKey);
    // Re-inserting moves the key to the end of the Map's order: the first key is the stalest.
    this.events.delete(key);
    this.events.set(key, times);
    while (this.events.size > this.maxKeys) {
      const oldest = this.events.keys().next().value;
      if (oldest === undefined) break;
      this.events.delete(oldest);
    }
  }

  clear(key: string): void {
    this.events.delete(key);
  }

  get size(): number {
    return this.events.size;
  }
}

export class ConnectLimiter {
  private readonly attemptsByAddress: WindowCounter;
  private readonly failuresByDevice: WindowCounter;
  private readonly failuresByAddress: WindowCounter;

  constructor(
    private readonly limits: Readonly<ConnectLimits>,
    private readonly nowMs: () => number,
  ) {
    this.attemptsByAddress = new WindowCounter(
      limits.windowMs,
      limits.maxTrackedKeys,
      limits.maxAttemptsPerAddress,
    );
    this.failuresByDevice = new WindowCounter(
      limits.windowMs,
      limits.maxTrackedKeys,
      limits.maxFailuresPerDevice,
    );
    this.failuresByAddress = new WindowCounter(
      limits.windowMs,
      limits.maxTrackedKeys,
      limits.maxFailuresPerAddress,
    );
  }

  /** Counts one CONNECT from this address; answers why it must be refused, or null. */
  admitAttempt(address: string): ConnectRefusal | null {
    const now = this.nowMs();
    if (this.attemptsByAddress.count(address, now) >= this.limits.maxAttemptsPerAddress) {
      return 'too-many-attempts';
    }
    this.attemptsByAddress.add(address, now);
    return null;
  }

  /** Before a password is verified: is this address locked out? */
  lockout(address: string): ConnectRefusal | null {
    const now = this.nowMs();
    if (this.failuresByAddress.count(address, now) >= this.limits.maxFailuresPerAddress) {
      return 'address-locked';
    }
    return null;
  }

  /**
   * A failed login from this address; `knownDeviceId` is the device it tried to log in as, when
   * that device exists (null for an unknown username, which is counted against the address only).
   */
  recordFailure(address: string, knownDeviceId: string | null): void {
    const now = this.nowMs();
    this.failuresByAddress.add(address, now);
    if (knownDeviceId !== null) this.failuresByDevice.add(knownDeviceId, now);
  }

  /** Has this device had so many failed logins in the window that it is being guessed at? */
  underGuessing(deviceId: string): boolean {
    return this.failuresByDevice.count(deviceId, this.nowMs()) >= this.limits.maxFailuresPerDevice;
  }

  /**
   * A device that authenticates has its failures forgotten. Its address keeps its count: one
   * valid device must not launder guesses made from the same address.
   */
  recordSuccess(deviceId: string): void {
    this.failuresByDevice.clear(deviceId);
  }

  /** Keys remembered in the largest table: stays bounded under attack. */
  trackedKeys(): number {
    return Math.max(this.attemptsByAddress.size, this.failuresByDevice.size, this.failuresByAddress.size);
  }
}
