import { describe, expect, it } from 'vitest';
import { PendingLogins } from '../../broker/pendingLogins';

describe('PendingLogins', () => {
  it('admits a set number of connections per address, and more once some logged in or closed', () => {
    const pending = new PendingLogins({ maxTotal: 100, maxPerAddress: 3 });
    for (let i = 0; i < 3; i++) expect(pending.admit('203.0.113.9')).toBeNull();
    expect(pending.admit('203.0.113.9')).toBe('too-many-pending-logins-from-address');
    // Another address is not affected.
    expect(pending.admit('198.51.100.1')).toBeNull();
    pending.release('203.0.113.9');
    expect(pending.admit('203.0.113.9')).toBeNull();
  });

  it('caps the total over all addresses', () => {
    const pending = new PendingLogins({ maxTotal: 5, maxPerAddress: 3 });
    for (let i = 0; i < 5; i++) expect(pending.admit(`10.0.0.${i}`)).toBeNull();
    expect(pending.admit('10.0.0.99')).toBe('too-many-pending-logins');
    pending.release('10.0.0.2');
    expect(pending.admit('10.0.0.99')).toBeNull();
  });

  it('forgets an address once its last connection is released, and ignores extra releases', () => {
    const pending = new PendingLogins({ maxTotal: 5, maxPerAddress: 3 });
    pending.admit('10.0.0.1');
    pending.release('10.0.0.1');
    pending.release('10.0.0.1');
    pending.release('10.0.0.7');
    expect(pending.counts()).toEqual({ total: 0, addresses: 0 });
  });
});
