import { describe, expect, it } from 'vitest';
import { alertAudience, widenedAudience } from '../../../../server/domain/alerts/audience';
import { DEFAULT_NOTICE_CHOICES, type Volunteer } from '../../../../server/domain/notifications/types';

const person = (id: string, fridgeIds: string[], role: Volunteer['role'] = 'volunteer'): Volunteer => ({
  id,
  name: id,
  role,
  linkKey: `key-of-${id}`,
  channels: [{ type: 'email', address: `${id}@example.org` }],
  fridgeIds,
  quietHours: null,
  language: 'en',
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
  it('a warning (circle 0) reaches the fridge volunteers and the organisers', () => {
    expect(alertAudience('elm-st', 'foodSafety', 0, people, areaOf).sort()).toEqual(['ana', 'org']);
  });

  it('the widest circle (a critical alert at once) reaches the area too', () => {
    expect(alertAudience('elm-st', 'foodSafety', 1, people, areaOf).sort()).toEqual(['ana', 'ben', 'org']);
  });

  it('device health reaches those who chose it (organisers by default here), skipping empty circles', () => {
    expect(alertAudience('elm-st', 'deviceHealth', 0, people, areaOf)).toEqual(['org']);
    const noOrganiser = people.filter((p) => p.role !== 'organiser');
    expect(alertAudience('elm-st', 'deviceHealth', 0, noOrganiser, areaOf)).toEqual([]);
    // Nobody near listens to food safety: the area is asked.
    const onlyBen = [person('ben', ['oak-ave'])];
    expect(alertAudience('elm-st', 'foodSafety', 0, onlyBen, areaOf)).toEqual(['ben']);
  });
});

describe('who hears an alert widening', () => {
  it('only those the next circle adds: the area, not the people already told', () => {
    expect(widenedAudience('elm-st', 'foodSafety', 1, people, areaOf)).toEqual(['ben']);
  });

  it('nobody new when the nearest circle was empty and the area had been asked already', () => {
    const onlyBen = [person('ben', ['oak-ave'])];
    expect(widenedAudience('elm-st', 'foodSafety', 1, onlyBen, areaOf)).toEqual([]);
  });
});
