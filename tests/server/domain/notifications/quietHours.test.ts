import { describe, expect, it } from 'vitest';
import { deliverNotBefore } from '../../../../server/domain/notifications/quietHours';

const quiet = { from: '22:00', to: '07:00' };

describe('quiet hours', () => {
  it('holds a non-critical notice until the quiet hours end, in the site time zone', () => {
    const lateNight = Date.UTC(2026, 5, 1, 23, 30);
    expect(deliverNotBefore(lateNight, quiet, false, 'UTC')).toBe(Date.UTC(2026, 5, 2, 7, 0));
    // 23:30 UTC is 01:30 in Berlin (CEST, UTC+2): held until 07:00 Berlin, 05:00 UTC.
    expect(deliverNotBefore(lateNight, quiet, false, 'Europe/Berlin')).toBe(Date.UTC(2026, 5, 2, 5, 0));
  });

  it('lets food-safety criticals through, and anything outside the quiet hours', () => {
    const lateNight = Date.UTC(2026, 5, 1, 23, 30);
    expect(deliverNotBefore(lateNight, quiet, true, 'UTC')).toBe(lateNight);
    const noon = Date.UTC(2026, 5, 1, 12, 0);
    expect(deliverNotBefore(noon, quiet, false, 'UTC')).toBe(noon);
    expect(deliverNotBefore(lateNight, null, false, 'UTC')).toBe(lateNight);
  });

  it('ends at the right local hour across a DST change', () => {
    // Night of 28-29 March 2026: Berlin moves from UTC+1 to UTC+2 at 02:00 local.
    const beforeChange = Date.UTC(2026, 2, 28, 23, 0); // 00:00 local (CET)
    expect(deliverNotBefore(beforeChange, quiet, false, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 5, 0));
  });
});
