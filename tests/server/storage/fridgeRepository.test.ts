import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../../server/storage/database';
import { DeviceRepository } from '../../../server/storage/deviceRepository';
import { FridgeRepository } from '../../../server/storage/fridgeRepository';

const shelves = (ids: string[]) => ids.map((id, i) => ({ id, tareKg: 1 + i, capacityKg: 10 * (i + 1) }));
const hashes = { secretHash: 'hash', mosquittoHash: 'mhash' };

describe('FridgeRepository.list, read in three queries', () => {
  it('gives every fridge exactly as get() reads it alone: shelves in order, own, bound and revoked devices', () => {
    const db = openMemoryDatabase();
    let nowMs = Date.UTC(2026, 11, 1, 10, 0);
    const fridges = new FridgeRepository(db, () => nowMs);
    const devices = new DeviceRepository(db, () => nowMs++);
    const base = {
      kind: 'fridge' as const,
      address: null,
      simulated: false,
      levels: null,
      location: null,
      openingHours: null,
    };
    fridges.insert({ ...base, id: 'oak', name: 'Oak', shelves: shelves(['top', 'mid', 'low']) });
    fridges.insert({
      ...base,
      id: 'elm',
      name: 'Elm',
      shelves: shelves(['z', 'a']),
      location: { lat: 53.8, lon: -1.55 },
      openingHours: { mo: [{ from: '08:00', to: '20:00' }] },
    });
    fridges.insert({ ...base, id: 'ash', name: 'Ash', kind: 'pantry', shelves: [] });
    devices.insert('oak-2', 'oak', hashes);
    devices.insert('oak-1', 'oak', hashes);
    devices.insert('elm-old', 'elm', hashes);
    devices.revoke('elm-old');
    // A bridge homed at Oak with sensors bound at Elm (twice) and Oak: listed once under each.
    devices.insertAdapter('bridge', 'zigbee2mqtt', 'zigbee2mqtt', 'oak', hashes);
    const bind = db.prepare(
      'INSERT INTO device_bindings (device_id, source, role, fridge_id, shelf_id, position) VALUES (?, ?, ?, ?, ?, ?)',
    );
    bind.run('bridge', 'probe', 'temperature', 'elm', null, 0);
    bind.run('bridge', 'scale', 'weight', 'elm', 'a', 1);
    bind.run('bridge', 'door', 'door', 'oak', null, 2);

    const listed = fridges.list();
    expect(listed.map((f) => f.id)).toEqual(['ash', 'elm', 'oak']);
    for (const fridge of listed) expect(fridge).toEqual(fridges.get(fridge.id));
    expect(listed.find((f) => f.id === 'oak')?.deviceIds).toEqual(['oak-2', 'oak-1', 'bridge']);
    expect(listed.find((f) => f.id === 'elm')?.deviceIds).toEqual(['bridge']);
    expect(listed.find((f) => f.id === 'elm')?.shelves.map((s) => s.id)).toEqual(['z', 'a']);
    expect(listed.find((f) => f.id === 'ash')).toMatchObject({ shelves: [], deviceIds: [], kind: 'pantry' });
  });
});
