import { signedLinkValues } from '../../api/routeKit';
import type { Volunteer } from '../../domain/notifications/types';
import { type NotificationService, PREFERENCES_PURPOSE } from './notificationService';
import type { VolunteerDirectory } from './volunteerDirectory';

/** What every notifications route plugin is given. */
export interface NotificationRouteOptions {
  service: NotificationService;
  directory: VolunteerDirectory;
  fridgeName: (id: string) => string | null;
  nowMs: () => number;
}

/** The volunteer holding a preferences link: no account, the signed token is the permission. */
export function preferencesHolder(options: NotificationRouteOptions, token: string): Volunteer {
  const [volunteerId = ''] = signedLinkValues(
    options.service.links,
    token,
    PREFERENCES_PURPOSE,
    options.nowMs(),
  );
  return options.directory.get(volunteerId);
}
