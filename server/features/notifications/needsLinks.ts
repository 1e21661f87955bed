import { signedLinkValues } from '../../api/routeKit';
import type { Volunteer } from '../../domain/notifications/types';
import { AppError } from '../../errors';
import type { SignedLinks } from './signedLinks';

/**
 * "Update what this fridge needs": a volunteer's signed link to one fridge's needs list, sent in
 * restock notices and on the preferences page. Signed like claim and preferences links, with the
 * holder's link key (the holder is the last value), so revoke-links or removing the volunteer
 * kills it. Values: the fridge id, then the volunteer id.
 */
export const NEEDS_PURPOSE = 'n';

export function needsToken(
  links: SignedLinks,
  fridgeId: string,
  volunteerId: string,
  expiresAtMs: number,
): string {
  return links.sign(NEEDS_PURPOSE, [fridgeId, volunteerId], expiresAtMs);
}

export function needsUrl(
  links: SignedLinks,
  fridgeId: string,
  volunteerId: string,
  expiresAtMs: number,
): string {
  return links.url(`/needs/${needsToken(links, fridgeId, volunteerId, expiresAtMs)}`);
}

/**
 * The volunteer and fridge of a needs link. A volunteer who no longer looks after the fridge holds
 * a dead link (`TOKEN_INVALID`, 403): the organiser's assignment is the permission, not the token alone.
 */
export function needsLinkHolder(
  links: SignedLinks,
  token: string,
  nowMs: number,
  volunteerOf: (id: string) => Volunteer,
): { volunteer: Volunteer; fridgeId: string } {
  const [fridgeId = '', volunteerId = ''] = signedLinkValues(links, token, NEEDS_PURPOSE, nowMs);
  const volunteer = volunteerOf(volunteerId);
  if (!volunteer.fridgeIds.includes(fridgeId)) throw new AppError('TOKEN_INVALID');
  return { volunteer, fridgeId };
}
