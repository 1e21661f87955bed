import { createHash } from 'node:crypto';
import { signedLinkValues } from '../../api/routeKit';
import type { Volunteer } from '../../domain/notifications/types';
import { AppError } from '../../errors';
import type { SignedLinks } from './signedLinks';

/**
 * "Update what this fridge needs": a volunteer's signed link to one fridge's needs list, sent in
 * restock notices and on the preferences page. Signed like claim and preferences links, with the
 * holder's link key (the holder is the last value), so revoke-links or removing the volunteer
 * kills it. The fridge id is in the path, and the token signs a digest of it, then the volunteer
 * id: a fridge id may be 64 characters and a volunteer id 40, too long together for fastify's
 * 100-character path parameter that every token must fit.
 */
export const NEEDS_PURPOSE = 'n';

/** 48 bits of SHA-256: binds the token to its fridge; forging one still needs the HMAC. */
export const fridgeDigest = (fridgeId: string): string =>
  createHash('sha256').update(fridgeId).digest('hex').slice(0, 12);

export function needsPath(
  links: SignedLinks,
  fridgeId: string,
  volunteerId: string,
  expiresAtMs: number,
): string {
  const token = links.sign(NEEDS_PURPOSE, [fridgeDigest(fridgeId), volunteerId], expiresAtMs);
  return `/needs/${encodeURIComponent(fridgeId)}/${token}`;
}

export function needsUrl(
  links: SignedLinks,
  fridgeId: string,
  volunteerId: string,
  expiresAtMs: number,
): string {
  return links.url(needsPath(links, fridgeId, volunteerId, expiresAtMs));
}

/**
 * The volunteer and fridge of a needs link. A volunteer who no longer looks after the fridge holds
 * a dead link (`TOKEN_INVALID`, 403): the organiser's assignment is the permission, not the token alone.
 */
export function needsLinkHolder(
  links: SignedLinks,
  fridgeId: string,
  token: string,
  nowMs: number,
  volunteerOf: (id: string) => Volunteer,
): { volunteer: Volunteer; fridgeId: string } {
  const [digest = '', volunteerId = ''] = signedLinkValues(links, token, NEEDS_PURPOSE, nowMs);
  if (digest !== fridgeDigest(fridgeId)) throw new AppError('TOKEN_INVALID');
  const volunteer = volunteerOf(volunteerId);
  if (!volunteer.fridgeIds.includes(fridgeId)) throw new AppError('TOKEN_INVALID');
  return { volunteer, fridgeId };
}
