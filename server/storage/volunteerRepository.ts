import type {
  NoticeCategory,
  Volunteer,
  VolunteerChannel,
  VolunteerRole,
} from '../domain/notifications/types';
import type { DailyWindow } from '../domain/timeOfDay';
import type { Db } from './database';

interface VolunteerRow {
  id: string;
  name: string;
  role: VolunteerRole;
  channels: string;
  fridge_ids: string;
  quiet_hours: string | null;
  notices: string;
  language: string;
  unsubscribed_at: number | null;
  link_key: string;
  created_at: number;
  updated_at: number;
}

const toVolunteer = (row: VolunteerRow): Volunteer => ({
  id: row.id,
  name: row.name,
  role: row.role,
  channels: JSON.parse(row.channels) as VolunteerChannel[],
  fridgeIds: JSON.parse(row.fridge_ids) as string[],
  quietHours: row.quiet_hours ? (JSON.parse(row.quiet_hours) as DailyWindow) : null,
  notices: JSON.parse(row.notices) as Record<NoticeCategory, boolean>,
  language: row.language,
  unsubscribedAtMs: row.unsubscribed_at,
  linkKey: row.link_key,
  createdAtMs: row.created_at,
  updatedAtMs: row.updated_at,
});

/** Volunteers and organisers who receive notices, with their channels and choices. */
export class VolunteerRepository {
  constructor(private readonly db: Db) {}

  list(): Volunteer[] {
    return this.db
      .prepare<[], VolunteerRow>('SELECT * FROM volunteers ORDER BY name, id')
      .all()
      .map(toVolunteer);
  }

  get(id: string): Volunteer | null {
    const row = this.db.prepare<[string], VolunteerRow>('SELECT * FROM volunteers WHERE id = ?').get(id);
    return row ? toVolunteer(row) : null;
  }

  /** Inserts or replaces the whole record. */
  save(volunteer: Volunteer): void {
    this.db
      .prepare(
        `INSERT INTO volunteers (id, name, role, channels, fridge_ids, quiet_hours, notices, unsubscribed_at,
           link_key, created_at, updated_at, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role, channels = excluded.channels,
           fridge_ids = excluded.fridge_ids, quiet_hours = excluded.quiet_hours, notices = excluded.notices,
           unsubscribed_at = excluded.unsubscribed_at, link_key = excluded.link_key,
           updated_at = excluded.updated_at, language = excluded.language`,
      )
      .run(
        volunteer.id,
        volunteer.name,
        volunteer.role,
        JSON.stringify(volunteer.channels),
        JSON.stringify(volunteer.fridgeIds),
        volunteer.quietHours ? JSON.stringify(volunteer.quietHours) : null,
        JSON.stringify(volunteer.notices),
        volunteer.unsubscribedAtMs,
        volunteer.linkKey,
        volunteer.createdAtMs,
        volunteer.updatedAtMs,
        volunteer.language,
      );
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM volunteers WHERE id = ?').run(id).changes > 0;
  }
}
