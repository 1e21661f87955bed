import { randomBytes } from 'node:crypto';
import type { FridgeStatus } from '../../../contract/api';
import { wantsNotice } from '../../domain/notifications/types';
import { audienceMembers, circleMembers, type VolunteerCoverage } from '../../domain/restock/circles';
import { summarizeRequests } from '../../domain/restock/history';
import { nextRestockDeadline, restockStep } from '../../domain/restock/rules';
import {
  DEFAULT_FRIDGE_SETTINGS,
  type FridgeRestockSettings,
  type FridgeRestockState,
  initialRestockState,
  type Refusal,
  type RequestStatus,
  type RestockContext,
  type RestockEvent,
  type RestockRequest,
} from '../../domain/restock/types';
import type { FeatureContext } from '../../featureModule';
import { type RequestFilter, RestockRepository } from '../../storage/restockRepository';
import { DeadlineQueue } from '../deadlineQueue';
import { DeadlineTimer } from '../deadlineTimer';
import type { NotificationService } from '../notifications';
import { restockNotice } from './restockNotices';

export type CommandResult =
  | { ok: true; request: RestockRequest }
  | { ok: false; refusal: Refusal; request: RestockRequest | null };

/** The estimator adds `forecast.emptyAt` to the status later; until then it is absent. */
type StatusWithForecast = FridgeStatus & { forecast?: { emptyAt?: string | number | null } | null };

function forecastEmptyAtMs(status: FridgeStatus): number | null {
  const emptyAt = (status as StatusWithForecast).forecast?.emptyAt;
  if (emptyAt === undefined || emptyAt === null) return null;
  const ms = typeof emptyAt === 'number' ? emptyAt : Date.parse(emptyAt);
  return Number.isFinite(ms) ? ms : null;
}

/** Longest sleep of the request timer; a shorter one is set whenever a deadline comes closer. */
const MAX_TIMER_MS = 5 * 60_000;

/**
 * Restock requests on the spine: feeds fridge status, door sessions and time into the pure rules
 * (`domain/restock/rules.ts`), stores each change together with its notices in one transaction,
 * and keeps one timer for the nearest deadline (escalation, reminders, expiry), so reminders
 * come on time, not on the next reading.
 */
export class RestockFeature {
  private readonly states = new Map<string, FridgeRestockState>();
  private readonly settingsById = new Map<string, FridgeRestockSettings>();
  /** Each fridge's next deadline (it depends on its state and the config only). */
  private readonly deadlines = new DeadlineQueue();
  private readonly repository: RestockRepository;
  private unsubscribe: Array<() => void> = [];
  private readonly timer: DeadlineTimer;
  private running = false;

  constructor(
    private readonly context: FeatureContext,
    readonly notifications: NotificationService,
    private readonly newRequestId: () => string = () => `r-${randomBytes(6).toString('hex')}`,
  ) {
    this.repository = new RestockRepository(context.db);
    this.timer = new DeadlineTimer(context.clock, MAX_TIMER_MS, () => this.runTimers());
  }

  start(): void {
    for (const [id, state] of this.repository.loadStates()) this.states.set(id, state);
    for (const [id, settings] of this.repository.allSettings()) this.settingsById.set(id, settings);
    for (const [id, state] of this.states)
      this.deadlines.set(id, nextRestockDeadline(state, this.rulesContext(id)));
    const { bus } = this.context;
    this.running = true;
    this.unsubscribe = [
      bus.on('fridgeStateChanged', 'restock', ({ fridgeId, status }) => {
        this.apply(fridgeId, {
          type: 'stock',
          level: status.stock.level,
          kg: status.stock.kg,
          forecastEmptyAtMs: forecastEmptyAtMs(status),
        });
      }),
      bus.on('doorSession', 'restock', ({ fridgeId, addedKg }) => {
        this.apply(fridgeId, { type: 'doorSession', addedKg });
      }),
      bus.on('fridgeRemoved', 'restock', ({ fridgeId }) => {
        this.apply(fridgeId, { type: 'fridgeRemoved' });
        this.repository.forgetFridge(fridgeId);
        this.states.delete(fridgeId);
        this.settingsById.delete(fridgeId);
        this.deadlines.set(fridgeId, null);
      }),
    ];
    // Deadlines that passed while the server was down fire now.
    this.runTimers();
  }

  stop(): void {
    this.running = false;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.timer.stop();
    this.states.clear();
    this.settingsById.clear();
    this.deadlines.clear();
  }

  /** Fires every deadline that has come (the timer calls this; tests may too). */
  runTimers(): void {
    const nowMs = this.context.clock.nowMs();
    for (const fridgeId of [...this.states.keys()]) {
      // Kept current by every step (`deadlines`), so a timer's firing recomputes none of them.
      const deadline = this.deadlines.get(fridgeId);
      if (deadline === null || deadline > nowMs) continue;
      const status = this.context.catalog.status(fridgeId);
      try {
        this.apply(fridgeId, {
          type: 'tick',
          level: status?.stock.level ?? null,
          kg: status?.stock.kg ?? null,
        });
      } catch (err) {
        this.context.logger.error({ err, fridgeId }, 'restock timer failed');
      }
    }
    this.scheduleTimer();
  }

  // --- Commands (API, claim links) ---

  raise(fridgeId: string): CommandResult {
    const status = this.context.catalog.status(fridgeId);
    return this.command(fridgeId, {
      type: 'raise',
      level: status?.stock.level ?? null,
      kg: status?.stock.kg ?? null,
    });
  }

  claim(requestId: string, volunteerId: string, etaMs: number | null): CommandResult {
    return this.commandOnRequest(requestId, (request) => ({
      type: 'claim',
      requestId: request.id,
      volunteerId,
      etaMs,
    }));
  }

  release(requestId: string, volunteerId: string | null): CommandResult {
    return this.commandOnRequest(requestId, (request) => ({
      type: 'release',
      requestId: request.id,
      volunteerId,
    }));
  }

  cancel(requestId: string): CommandResult {
    return this.commandOnRequest(requestId, (request) => ({ type: 'cancel', requestId: request.id }));
  }

  // --- Reads ---

  request(id: string): RestockRequest | null {
    return this.repository.get(id);
  }

  requests(filter: RequestFilter): RestockRequest[] {
    return this.repository.list(filter);
  }

  history(fridgeId: string, sinceMs: number) {
    const requests = this.repository.list({ fridgeId, sinceMs, limit: 10_000 });
    return { requests, summary: summarizeRequests(requests) };
  }

  settings(fridgeId: string): FridgeRestockSettings {
    return this.settingsById.get(fridgeId) ?? { ...DEFAULT_FRIDGE_SETTINGS };
  }

  saveSettings(fridgeId: string, settings: FridgeRestockSettings): FridgeRestockSettings {
    this.repository.saveSettings(fridgeId, settings);
    this.settingsById.set(fridgeId, settings);
    // A new raise level applies to the level the fridge is at now.
    const status = this.context.catalog.status(fridgeId);
    if (status) {
      this.apply(fridgeId, {
        type: 'stock',
        level: status.stock.level,
        kg: status.stock.kg,
        forecastEmptyAtMs: forecastEmptyAtMs(status),
      });
    }
    return settings;
  }

  // --- Internals ---

  private commandOnRequest(
    requestId: string,
    event: (request: RestockRequest) => RestockEvent,
  ): CommandResult {
    const request = this.repository.get(requestId);
    if (!request) return { ok: false, refusal: { reason: 'no-active-request' }, request: null };
    return this.command(request.fridgeId, event(request), request.id);
  }

  private command(fridgeId: string, event: RestockEvent, requestId?: string): CommandResult {
    const step = this.apply(fridgeId, event);
    const current = requestId ? this.repository.get(requestId) : step.state.active;
    if (step.refusal) {
      const refusal: Refusal =
        step.refusal.reason === 'request-closed'
          ? { reason: 'request-closed', request: current }
          : step.refusal;
      return { ok: false, refusal, request: current };
    }
    const changed = step.effects[0]?.request ?? current;
    if (!changed) return { ok: false, refusal: { reason: 'no-active-request' }, request: null };
    return { ok: true, request: changed };
  }

  private volunteersForRestock(): VolunteerCoverage[] {
    return this.notifications.volunteers
      .list()
      .filter((v) => wantsNotice(v, 'restock') && v.channels.length > 0);
  }

  private areaOf = (fridgeId: string): string | null => this.settingsById.get(fridgeId)?.area ?? null;

  private rulesContext(fridgeId: string): RestockContext {
    let volunteers: VolunteerCoverage[] | null = null;
    return {
      fridgeId,
      config: this.context.config.restock,
      settings: this.settings(fridgeId),
      timeZone: this.notifications.timeZone,
      newRequestId: this.newRequestId,
      circleHasMembers: (circle) => {
        volunteers ??= this.volunteersForRestock();
        return circleMembers(circle, fridgeId, volunteers, this.areaOf).size > 0;
      },
    };
  }

  private apply(fridgeId: string, event: RestockEvent) {
    const { db, clock, catalog, bus } = this.context;
    const before = this.states.get(fridgeId) ?? initialRestockState();
    const nowMs = clock.nowMs();
    const step = restockStep(before, event, nowMs, this.rulesContext(fridgeId));
    if (step.refusal) return step;
    const after = step.state;
    const watchChanged =
      before.lowSinceMs !== after.lowSinceMs || before.pausedUntilMs !== after.pausedUntilMs;
    const activeChanged = before.active !== after.active;
    if (!watchChanged && !activeChanged && step.effects.length === 0) return step;

    const notices = step.effects.map((effect) => {
      const volunteers = effect.audience ? this.notifications.volunteers.list() : [];
      const volunteerIds = effect.audience
        ? audienceMembers(effect.audience, fridgeId, volunteers, this.areaOf)
        : [];
      return restockNotice(effect, volunteerIds, {
        status: (id) => catalog.status(id),
        fridgeName: (id) => catalog.definition(id)?.name ?? null,
        volunteerName: (id) => this.notifications.volunteers.get(id)?.name ?? null,
        links: this.notifications.links,
        timeZone: this.notifications.timeZone,
        config: this.context.config.restock,
        nowMs,
      });
    });
    // The change and the notices it causes are stored together, or not at all.
    db.transaction(() => {
      if (watchChanged && event.type !== 'fridgeRemoved') this.repository.saveWatch(fridgeId, after);
      for (const effect of step.effects) this.repository.saveRequest(effect.request);
      if (after.active && activeChanged && !step.effects.some((e) => e.request === after.active))
        this.repository.saveRequest(after.active);
      for (const notice of notices) this.notifications.enqueue(notice);
    })();
    this.states.set(fridgeId, after);
    this.deadlines.set(fridgeId, nextRestockDeadline(after, this.rulesContext(fridgeId)));
    for (const effect of step.effects) {
      bus.emit('restockRequestChanged', {
        fridgeId,
        requestId: effect.request.id,
        change: effect.change,
        status: effect.request.status as RequestStatus,
      });
    }
    if (this.running) this.scheduleTimer();
    return step;
  }

  /** Sets the timer to the earliest deadline (a scan of every fridge per change cost 8–15 % at 10,000). */
  private scheduleTimer(): void {
    if (!this.running) return;
    this.timer.schedule(this.deadlines.earliest());
  }
}
