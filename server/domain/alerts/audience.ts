import { type NoticeCategory, type Volunteer, wantsNotice } from '../notifications/types';
import { circleMembers } from '../restock/circles';
import type { Severity } from './types';

/**
 * Who hears of an alert, in restock's circles (`domain/restock/circles.ts`), widening with
 * severity rather than with time: food at risk cannot wait for a circle to answer.
 * - warning: the fridge's own volunteers and the organisers; the area's volunteers (or the whole
 *   site's, for a fridge without an area) only when none of those listens;
 * - critical: all three circles at once.
 * Only people who want the category and have a channel count, so an empty circle is skipped.
 */
export function alertAudience(
  fridgeId: string,
  category: NoticeCategory,
  severity: Severity,
  volunteers: readonly Volunteer[],
  areaOf: (fridgeId: string) => string | null,
): string[] {
  const listening = volunteers.filter((v) => wantsNotice(v, category) && v.channels.length > 0);
  if (severity === 'critical') return [...circleMembers(2, fridgeId, listening, areaOf)];
  const near = [
    ...circleMembers(0, fridgeId, listening, areaOf),
    ...listening.filter((v) => v.role === 'organiser').map((v) => v.id),
  ];
  if (near.length > 0) return [...new Set(near)];
  return [...circleMembers(1, fridgeId, listening, areaOf)];
}
