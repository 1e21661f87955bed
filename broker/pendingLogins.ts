/**
 * Connections that have not logged in yet, counted in total and per address. Until a client
 * authenticates, all the broker knows of it is its address; a stranger holding many such
 * connections open (aedes waits 30 s for a CONNECT, longer on a slow trickle) would hold their
 * buffers and sockets, so extra ones are closed at once. Pure bookkeeping: the socket guard
 * admits and releases.
 */
export interface PendingLoginLimits {
  /** Connections not yet logged in, from all addresses together. */
  maxTotal: number;
  /**
   * Connections not yet logged in from one address. A site's devices behind one NAT router
   * share an address; each is pending only while its secret is checked, but after a broker
   * restart they all reconnect at once: one that is turned away retries with its backoff.
   */
  maxPerAddress: number;
}

export type PendingRefusal = 'too-many-pending-logins' | 'too-many-pending-logins-from-address';

export class PendingLogins {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: Readonly<PendingLoginLimits>) {}

  /** Counts a new connection from this address, or answers why it must be closed. */
  admit(address: string): PendingRefusal | null {
    const fromAddress = this.byAddress.get(address) ?? 0;
    if (this.total >= this.limits.maxTotal) return 'too-many-pending-logins';
    if (fromAddress >= this.limits.maxPerAddress) return 'too-many-pending-logins-from-address';
    this.total += 1;
    this.byAddress.set(address, fromAddress + 1);
    return null;
  }

  /** An admitted connection logged in or closed; call once per admitted connection. */
  release(address: string): void {
    const fromAddress = this.byAddress.get(address) ?? 0;
    if (fromAddress <= 0) return;
    this.total -= 1;
    if (fromAddress === 1) this.byAddress.delete(address);
    else this.byAddress.set(address, fromAddress - 1);
  }

  /** Connections counted now, and addresses remembered (bounded by maxTotal). */
  counts(): { total: number; addresses: number } {
    return { total: this.total, addresses: this.byAddress.size };
  }
}

export const DEFAULT_PENDING_LOGIN_LIMITS: Readonly<PendingLoginLimits> = Object.freeze({
  maxTotal: 256,
  maxPerAddress: 64,
});
