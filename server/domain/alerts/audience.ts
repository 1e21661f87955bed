import { type NoticeCategory, type Volunteer, wantsNotice } from '../notifications/types';
import { circleMembers } from '../restock/circles';
import type { AlertCircle } from './types';

/**
 * Who has heard of an alert once it reached `circle`, in restock's circles
 * (`domain/restock/circles.ts`):
 * - 0: the fridge's own volunteers and the organisers; the area's volunteers (or the whole site's,
 *   for a fridge without an area) when none of those listens;
 * - 1: the area's volunteers too: everyone restock's widest circle reaches.
 * A warning starts at 0 and widens after `escalateAfterMs` unacknowledged, once per circle, as an
 * unclaimed restock request does; a critical alert starts at the widest (food at risk cannot wait
 * for a circle to answer). Only people who want the category and have a channel count, so an
 * empty circle is skipped.
 */
export function alertAudience(
  fridgeId: string,
  category: NoticeCategory,
  circle: AlertCircle,
  volunteers: readonly Volunteer[],
  areaOf: (fridgeId: string) => string | null,
): string[] {
  const listening = volunteers.filter((v) => wantsNotice(v, category) && v.channels.length > 0);
  if (circle >= 1) return [...circleMembers(2, fridgeId, listening, areaOf)];
  const near = [
    ...circleMembers(0, fridgeId, listening, areaOf),
    ...listening.filter((v) => v.role === 'organiser').map((v) => v.id),
  ];
  if (near.length > 0) return [...new Set(near)];
  return [...circleMembers(1, fridgeId, listening, areaOf)];
}

/** Those an alert widening to `circle` newly reaches: its members not told at the circle before. */
export function widenedAudience(
  fridgeId: string,
  category: NoticeCategory,
  circle: AlertCircle,
  volunteers: readonly Volunteer[],
  areaOf: (fridgeId: string) => string | null,
): string[] {
  if (circle === 0) return alertAudience(fridgeId, category, 0, volunteers, areaOf);
  const told = new Set(alertAudience(fridgeId, category, (circle - 1) as AlertCircle, volunteers, areaOf));
  return alertAudience(fridgeId, category, circle, volunteers, areaOf).filter((id) => !told.has(id));
}
