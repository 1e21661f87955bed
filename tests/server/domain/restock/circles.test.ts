import { describe, expect, it } from 'vitest';
import {
  audienceMembers,
  circleMembers,
  type VolunteerCoverage,
} from '../../../../server/domain/restock/circles';

const volunteers: VolunteerCoverage[] = [
  { id: 'ana', role: 'volunteer', fridgeIds: ['elm-st'] },
  { id: 'ben', role: 'volunteer', fridgeIds: ['oak-ave'] },
  { id: 'cai', role: 'volunteer', fridgeIds: ['pine-rd'] },
  { id: 'dee', role: 'organiser', fridgeIds: [] },
  { id: 'eve', role: 'volunteer', fridgeIds: [] },
];
const areas: Record<string, string> = { 'elm-st': 'north', 'oak-ave': 'north', 'pine-rd': 'south' };
const areaOf = (id: string) => areas[id] ?? null;
const ids = (set: Set<string>) => [...set].sort();

describe('circles of a restock request', () => {
  it('widens from the fridge to its area to the organisers', () => {
    expect(ids(circleMembers(0, 'elm-st', volunteers, areaOf))).toEqual(['ana']);
    expect(ids(circleMembers(1, 'elm-st', volunteers, areaOf))).toEqual(['ana', 'ben']);
    expect(ids(circleMembers(2, 'elm-st', volunteers, areaOf))).toEqual(['ana', 'ben', 'dee']);
  });

  it('treats the whole site as the area of a fridge without one', () => {
    expect(ids(circleMembers(1, 'elm-st', volunteers, () => null))).toEqual(['ana', 'ben', 'cai', 'eve']);
  });

  it('tells each person once: a later circle leaves out those already asked, and the former claimer', () => {
    expect(
      audienceMembers(
        { type: 'circles', from: 1, to: 1, exceptVolunteerId: null },
        'elm-st',
        volunteers,
        areaOf,
      ),
    ).toEqual(['ben']);
    expect(
      audienceMembers(
        { type: 'circles', from: 2, to: 2, exceptVolunteerId: null },
        'elm-st',
        volunteers,
        areaOf,
      ),
    ).toEqual(['dee']);
    expect(
      audienceMembers(
        { type: 'circles', from: 0, to: 2, exceptVolunteerId: 'ben' },
        'elm-st',
        volunteers,
        areaOf,
      ).sort(),
    ).toEqual(['ana', 'dee']);
    expect(audienceMembers({ type: 'volunteer', volunteerId: 'cai' }, 'elm-st', volunteers, areaOf)).toEqual([
      'cai',
    ]);
  });
});
