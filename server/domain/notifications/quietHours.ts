import { type DailyWindow, endOfDailyWindow, isInDailyWindow } from '../timeOfDay';

/**
 * When a notice to one person may go out: at once, unless it is not critical and their quiet
 * hours are on, in which case it waits until those hours end ("until morning"). Food-safety
 * criticals always go at once: spoiled food is a health risk that cannot wait for 7 am.
 */
export function deliverNotBefore(
  nowMs: number,
  quietHours: DailyWindow | null,
  critical: boolean,
  timeZone: string,
): number {
  if (critical || quietHours === null) return nowMs;
  return isInDailyWindow(nowMs, quietHours, timeZone) ? endOfDailyWindow(nowMs, quietHours, timeZone) : nowMs;
}
