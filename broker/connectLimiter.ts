/**
 * Limits on MQTT connection attempts, kept apart from the broker so they are pure and take
 * an injected clock. Two concerns:
 *
 * - a flood of CONNECT packets from one address costs a scrypt verification each (about 90 ms
 *   of CPU on a mini PC): attempts per address are capped;
 * - guessing passwords: after a few failed authentications a client id, or an address, is
 *   refused without checking the password until its window passes.
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
  /** Failed authentications of one client id per window before it is locked out. */
  maxFailuresPerClientId: number;
  /** Failed authentications from one address per window before it is locked out. */
  maxFailuresPerAddress: number;
  /** Most keys remembered per table; the oldest are forgotten first (bounds memory under attack). */
  maxTrackedKeys: number;
}

export const DEFAULT_CONNECT_LIMITS: Readonly<ConnectLimits> = Object.freeze({
  windowMs: 60_000,
  maxAttemptsPerAddress: 300,
  maxFailuresPerClientId: 10,
  maxFailuresPerAddress: 30,
  maxTrackedKeys: 10_000,
});

export type ConnectRefusal = 'too-many-attempts' | 'client-id-locked' | 'address-locked';

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
  private readonly failuresByClientId: WindowCounter;
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
    this.failuresByClientId = new WindowCounter(
      limits.windowMs,
      limits.maxTrackedKeys,
      limits.maxFailuresPerClientId,
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

  /** Before the password is checked: is this client id or address locked out? */
  lockout(clientId: string, address: string): ConnectRefusal | null {
    const now = this.nowMs();
    if (this.failuresByClientId.count(clientId, now) >= this.limits.maxFailuresPerClientId) {
      return 'client-id-locked';
    }
    if (this.failuresByAddress.count(address, now) >= this.limits.maxFailuresPerAddress) {
      return 'address-locked';
    }
    return null;
  }

  recordFailure(clientId: string, address: string): void {
    const now = this.nowMs();
    this.failuresByClientId.add(clientId, now);
    this.failuresByAddress.add(address, now);
  }

  /**
   * A device that authenticates has its client id's failures forgotten (it was misconfigured
   * and is fixed). The address keeps its count: one valid device must not launder guesses.
   */
  recordSuccess(clientId: string): void {
    this.failuresByClientId.clear(clientId);
  }

  /** Keys remembered in the largest table: stays bounded under attack. */
  trackedKeys(): number {
    return Math.max(this.attemptsByAddress.size, this.failuresByClientId.size, this.failuresByAddress.size);
  }
}
