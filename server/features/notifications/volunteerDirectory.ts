import { randomBytes } from 'node:crypto';
import type { Static } from 'typebox';
import type {
  CreateVolunteerBodySchema,
  UpdatePreferencesBodySchema,
  UpdateVolunteerBodySchema,
  VolunteerView,
} from '../../../contract/restock';
import { isoTime } from '../../clock';
import { DEFAULT_NOTICE_CHOICES, type Volunteer } from '../../domain/notifications/types';
import { PRIVATE_WEBHOOK_HINT, webhookUrlProblem } from '../../domain/notifications/webhookAddress';
import { AppError } from '../../errors';
import { DEFAULT_LANGUAGE, isServerLanguage, SERVER_LANGUAGES } from '../../i18n';
import type { VolunteerRepository } from '../../storage/volunteerRepository';

export type CreateVolunteerBody = Static<typeof CreateVolunteerBodySchema>;
export type UpdateVolunteerBody = Static<typeof UpdateVolunteerBodySchema>;
export type UpdatePreferencesBody = Static<typeof UpdatePreferencesBodySchema>;

const newLinkKey = (): string => randomBytes(16).toString('hex');

export const volunteerNotFound = (id: string) => new AppError('VOLUNTEER_NOT_FOUND', id);

export function volunteerView(volunteer: Volunteer): VolunteerView {
  return {
    id: volunteer.id,
    name: volunteer.name,
    role: volunteer.role,
    channels: volunteer.channels,
    fridgeIds: volunteer.fridgeIds,
    quietHours: volunteer.quietHours,
    notices: volunteer.notices,
    language: volunteer.language,
    unsubscribed: volunteer.unsubscribedAtMs !== null,
    createdAt: isoTime(volunteer.createdAtMs) ?? '',
    updatedAt: isoTime(volunteer.updatedAtMs) ?? '',
  };
}

/** A volunteer's language must be one the server writes: no silent English for a typo. */
export function checkLanguage(language: string | undefined): void {
  if (language !== undefined && !isServerLanguage(language))
    throw new AppError(
      'BAD_REQUEST',
      `language: no words for "${language}"; this server writes ${SERVER_LANGUAGES.join(', ')}`,
    );
}

/** What organisers do to volunteers, and what a volunteer may change through their own link. */
export class VolunteerDirectory {
  constructor(
    private readonly volunteers: VolunteerRepository,
    private readonly fridgeExists: (id: string) => boolean,
    private readonly nowMs: () => number,
    /** ALLOW_PRIVATE_WEBHOOKS: a chat bridge on this box or the LAN may be a volunteer's channel. */
    private readonly allowPrivateWebhooks = false,
  ) {}

  private checkChannels(channels: readonly Volunteer['channels'][number][]): void {
    if (this.allowPrivateWebhooks) return;
    channels.forEach((channel, index) => {
      if (channel.type !== 'webhook') return;
      const problem = webhookUrlProblem(channel.url);
      if (problem)
        throw new AppError('BAD_REQUEST', `channels/${index}/url: ${problem}; ${PRIVATE_WEBHOOK_HINT}`);
    });
  }

  private checkFridges(fridgeIds: readonly string[]): void {
    fridgeIds.forEach((id, index) => {
      if (!this.fridgeExists(id))
        throw new AppError('BAD_REQUEST', `fridgeIds/${index}: no fridge with id "${id}"`);
    });
  }

  get(id: string): Volunteer {
    const volunteer = this.volunteers.get(id);
    if (!volunteer) throw volunteerNotFound(id);
    return volunteer;
  }

  create(body: CreateVolunteerBody): Volunteer {
    const id = body.id ?? `v-${randomBytes(4).toString('hex')}`;
    if (this.volunteers.get(id)) throw new AppError('VOLUNTEER_EXISTS', id);
    const fridgeIds = [...new Set(body.fridgeIds ?? [])];
    this.checkFridges(fridgeIds);
    this.checkChannels(body.channels);
    checkLanguage(body.language);
    const nowMs = this.nowMs();
    const volunteer: Volunteer = {
      id,
      name: body.name,
      role: body.role ?? 'volunteer',
      channels: body.channels,
      fridgeIds,
      quietHours: body.quietHours ?? null,
      notices: { ...DEFAULT_NOTICE_CHOICES, ...body.notices },
      language: body.language ?? DEFAULT_LANGUAGE,
      unsubscribedAtMs: null,
      linkKey: newLinkKey(),
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    this.volunteers.save(volunteer);
    return volunteer;
  }

  update(id: string, body: UpdateVolunteerBody): Volunteer {
    const current = this.get(id);
    const fridgeIds = body.fridgeIds ? [...new Set(body.fridgeIds)] : current.fridgeIds;
    if (body.fridgeIds) this.checkFridges(fridgeIds);
    if (body.channels) this.checkChannels(body.channels);
    checkLanguage(body.language);
    const next: Volunteer = {
      ...current,
      name: body.name ?? current.name,
      role: body.role ?? current.role,
      channels: body.channels ?? current.channels,
      fridgeIds,
      quietHours: body.quietHours !== undefined ? body.quietHours : current.quietHours,
      notices: { ...current.notices, ...body.notices },
      language: body.language ?? current.language,
      updatedAtMs: this.nowMs(),
    };
    this.volunteers.save(next);
    return next;
  }

  /** A new link key: every claim and preferences link this volunteer holds stops working. */
  revokeLinks(id: string): Volunteer {
    const next: Volunteer = { ...this.get(id), linkKey: newLinkKey(), updatedAtMs: this.nowMs() };
    this.volunteers.save(next);
    return next;
  }

  delete(id: string): void {
    if (!this.volunteers.delete(id)) throw volunteerNotFound(id);
  }

  /** A volunteer's own change through their signed link; channels stay with the organisers. */
  updatePreferences(id: string, body: UpdatePreferencesBody): Volunteer {
    const current = this.get(id);
    checkLanguage(body.language);
    const nowMs = this.nowMs();
    const unsubscribedAtMs =
      body.subscribed === undefined
        ? current.unsubscribedAtMs
        : body.subscribed
          ? null
          : (current.unsubscribedAtMs ?? nowMs);
    const next: Volunteer = {
      ...current,
      notices: { ...current.notices, ...body.notices },
      quietHours: body.quietHours !== undefined ? body.quietHours : current.quietHours,
      language: body.language ?? current.language,
      unsubscribedAtMs,
      updatedAtMs: nowMs,
    };
    this.volunteers.save(next);
    return next;
  }
}
