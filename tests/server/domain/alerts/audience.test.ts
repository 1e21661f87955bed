import { describe, expect, it } from 'vitest';
import { alertAudience } from '../../../../server/domain/alerts/audience';
import { DEFAULT_NOTICE_CHOICES, type Volunteer } from '../../../../server/domain/notifications/types';

const person = (id: string, fridgeIds: string[], role: Volunteer['role'] = 'volunteer'): Volunteer => ({
  id,
  name: id,
  role,
  linkKey: `key-of-${id}`,
  channels: [{ type: 'email', address: `${id}@example.org` }],
  fridgeIds,
  quietHours: null,
  notices: { ...DEFAULT_NOTICE_CHOICES, deviceHealth: role === 'organiser' },
  unsubscribedAtMs: null,
  createdAtMs: 0,
  updatedAtMs: 0,
});
const areas: Record<string, string> = { 'elm-st': 'north', 'oak-ave': 'north', 'mill-lane': 'south' };
const areaOf = (id: string) => areas[id] ?? null;
const people = [
  person('ana', ['elm-st']),
  person('ben', ['oak-ave']),
  person('cy', ['mill-lane']),
  person('org', [], 'organiser'),
];

describe('who hears of an alert', () => {
  it('a warning reaches the fridge volunteers and the organisers', () => {
    expect(alertAudience('elm-st', 'foodSafety', 'warning', people, areaOf).sort()).toEqual(['ana', 'org']);
  });

  it('a critical alert reaches the area too, at once', () => {
    expect(alertAudience('elm-st', 'foodSafety', 'critical', people, areaOf).sort()).toEqual([
      'ana',
      'ben',
      'org',
    ]);
  });

  it('device health reaches those who chose it (organisers by default here), skipping empty circles', () => {
    expect(alertAudience('elm-st', 'deviceHealth', 'warning', people, areaOf)).toEqual(['org']);
    const noOrganiser = people.filter((p) => p.role !== 'organiser');
    expect(alertAudience('elm-st', 'deviceHealth', 'warning', noOrganiser, areaOf)).toEqual([]);
    // Nobody near listens to food safety: the area is asked.
    const onlyBen = [person('ben', ['oak-ave'])];
    expect(alertAudience('elm-st', 'foodSafety', 'warning', onlyBen, areaOf)).toEqual(['ben']);
  });
});
