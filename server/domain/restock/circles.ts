import type { Audience, Circle } from './types';

/** What the circle rules need to know of a volunteer. */
export interface VolunteerCoverage {
  id: string;
  role: 'volunteer' | 'organiser';
  /** The fridges this person looks after. */
  fridgeIds: readonly string[];
}

/**
 * Everyone in `circle` for a fridge. Circles grow: the fridge's own volunteers (0); every
 * volunteer of its area, or of the whole site when it has no area (1); the organisers too (2).
 */
export function circleMembers(
  circle: Circle,
  fridgeId: string,
  volunteers: readonly VolunteerCoverage[],
  areaOf: (fridgeId: string) => string | null,
): Set<string> {
  const area = areaOf(fridgeId);
  const members = new Set<string>();
  for (const volunteer of volunteers) {
    const own = volunteer.fridgeIds.includes(fridgeId);
    const ofArea =
      area === null
        ? volunteer.role === 'volunteer' || volunteer.fridgeIds.length > 0
        : volunteer.fridgeIds.some((id) => areaOf(id) === area);
    if (own || (circle >= 1 && ofArea) || (circle >= 2 && volunteer.role === 'organiser')) {
      members.add(volunteer.id);
    }
  }
  return members;
}

/** The volunteers an audience names: circles `from`..`to` without those of the circles before. */
export function audienceMembers(
  audience: Audience,
  fridgeId: string,
  volunteers: readonly VolunteerCoverage[],
  areaOf: (fridgeId: string) => string | null,
): string[] {
  if (audience.type === 'volunteer') return [audience.volunteerId];
  const reached = circleMembers(audience.to, fridgeId, volunteers, areaOf);
  const before =
    audience.from === 0
      ? new Set<string>()
      : circleMembers((audience.from - 1) as Circle, fridgeId, volunteers, areaOf);
  return [...reached].filter((id) => !before.has(id) && id !== audience.exceptVolunteerId);
}
