import type { DailyWindow } from '../timeOfDay';

/** What a notice is about; each volunteer chooses which categories they receive. */
export const NOTICE_CATEGORIES = ['restock', 'foodSafety', 'deviceHealth'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

/** Ready formats of an incoming webhook: a generic JSON body, or what each chat service expects. */
export const WEBHOOK_FORMATS = ['json', 'slack', 'discord', 'matrix'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export type VolunteerChannel =
  | { type: 'email'; address: string }
  | { type: 'webhook'; url: string; format: WebhookFormat };

export type VolunteerRole = 'volunteer' | 'organiser';

/** Someone who hears of fridges that need them. No account: they act through signed links. */
export interface Volunteer {
  id: string;
  name: string;
  role: VolunteerRole;
  channels: VolunteerChannel[];
  /** The fridges they look after (the first circle of a restock request). */
  fridgeIds: string[];
  /** Local hours when only critical notices reach them; null: none. */
  quietHours: DailyWindow | null;
  notices: Record<NoticeCategory, boolean>;
  /** The language of their notices and pages: a code the server has words for (server/i18n). */
  language: string;
  /** Set when they unsubscribed from everything through their link. */
  unsubscribedAtMs: number | null;
  /**
   * Signs every link they hold (claim, preferences); never shown. A new one, on re-creation or an
   * organiser's "revoke links", makes every earlier link of theirs invalid.
   */
  linkKey: string;
  createdAtMs: number;
  updatedAtMs: number;
}

export const DEFAULT_NOTICE_CHOICES: Readonly<Record<NoticeCategory, boolean>> = Object.freeze({
  restock: true,
  foodSafety: true,
  deviceHealth: false,
});

/** Whether a notice of this category may reach this volunteer at all. */
export function wantsNotice(volunteer: Volunteer, category: NoticeCategory): boolean {
  return volunteer.unsubscribedAtMs === null && volunteer.notices[category];
}
