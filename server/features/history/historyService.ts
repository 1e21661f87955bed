import type { History, HistoryMetric, SafeBand } from '../../../contract/history';
import {
  type DoorBucket,
  doorBuckets,
  mergeDoor,
  mergeSeries,
  type SeriesBucket,
} from '../../domain/history/buckets';
import type { HistoryPlan } from '../../domain/history/plan';
import type { HistoryQueries, NumericKind } from '../../storage/historyQueries';

const UNITS: Record<NumericKind, string> = { temperature: '°C', weight: 'kg', stock: 'kg' };

const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Answers history queries: the part of the range before the fridge's rolled-up boundary from the
 * 15-minute rollups, the rest from raw readings, merged into the plan's buckets. Rollups hold
 * count and sum, and the boundary sits on a 15-minute edge, so a bucket that spans it comes out
 * exactly as if every reading were still there.
 */
export class HistoryService {
  constructor(
    private readonly queries: HistoryQueries,
    private readonly nowMs: () => number,
    /** The unit's safe temperature band, from its alert settings (safeBandOf). */
    private readonly safeBand: (fridgeId: string) => SafeBand | null,
  ) {}

  /** Raw readings of the fridge are complete from here on; null while none were pruned. */
  rawFromMs(fridgeId: string): number | null {
    return this.queries.progress(fridgeId)?.rolledUpToMs ?? null;
  }

  answer(fridgeId: string, metric: HistoryMetric, plan: HistoryPlan): History {
    const rawFromMs = this.rawFromMs(fridgeId);
    const head = {
      fridgeId,
      metric,
      from: iso(plan.fromMs),
      to: iso(plan.toMs),
      step: plan.step,
      stepMs: plan.stepMs,
      source: plan.source,
      rawFrom: rawFromMs === null ? null : iso(rawFromMs),
      safeBand: this.safeBand(fridgeId),
    };
    if (metric === 'door') return { ...head, series: [], door: this.door(fridgeId, plan, rawFromMs) };
    return { ...head, series: this.series(fridgeId, metric, plan, rawFromMs), door: [] };
  }

  /** Buckets of one numeric kind over the plan, per sensor. */
  seriesBuckets(
    fridgeId: string,
    kind: NumericKind,
    plan: HistoryPlan,
    rawFromMs: number | null,
  ): SeriesBucket[] {
    const boundaryMs = rawFromMs ?? Number.NEGATIVE_INFINITY;
    const parts: SeriesBucket[] = [];
    if (plan.fromMs < boundaryMs)
      parts.push(...this.queries.rollupSeries(fridgeId, kind, plan.fromMs, Math.min(plan.toMs, boundaryMs)));
    if (plan.toMs > boundaryMs)
      parts.push(
        ...this.queries.rawSeries(fridgeId, kind, Math.max(plan.fromMs, boundaryMs), plan.toMs, plan.stepMs),
      );
    return mergeSeries(parts, plan.stepMs);
  }

  private series(
    fridgeId: string,
    kind: NumericKind,
    plan: HistoryPlan,
    rawFromMs: number | null,
  ): History['series'] {
    const bySensor = new Map<string, History['series'][number]>();
    for (const b of this.seriesBuckets(fridgeId, kind, plan, rawFromMs)) {
      let series = bySensor.get(b.sensor);
      if (!series) {
        series = { sensor: b.sensor === '' ? null : b.sensor, unit: UNITS[kind], buckets: [] };
        bySensor.set(b.sensor, series);
      }
      series.buckets.push({
        start: iso(b.startMs),
        count: b.count,
        min: round(b.min, 3),
        mean: round(b.sum / b.count, 3),
        max: round(b.max, 3),
      });
    }
    return [...bySensor.values()];
  }

  private door(fridgeId: string, plan: HistoryPlan, rawFromMs: number | null): History['door'] {
    const boundaryMs = rawFromMs ?? Number.NEGATIVE_INFINITY;
    const parts: DoorBucket[] = [];
    if (plan.fromMs < boundaryMs)
      parts.push(...this.queries.rollupDoor(fridgeId, plan.fromMs, Math.min(plan.toMs, boundaryMs)));
    if (plan.toMs > boundaryMs) {
      const fromMs = Math.max(plan.fromMs, boundaryMs);
      // A door still open counts until now, not until the end of a bucket in the future.
      const toMs = Math.max(fromMs, Math.min(plan.toMs, this.nowMs()));
      const openAtStart =
        this.queries.doorStateBefore(fridgeId, fromMs) ?? this.queries.progress(fridgeId)?.doorOpen ?? false;
      const events = this.queries.doorEvents(fridgeId, fromMs, toMs);
      parts.push(...doorBuckets(events, openAtStart, fromMs, toMs, plan.stepMs).buckets);
    }
    return mergeDoor(parts, plan.stepMs).map((b) => ({
      start: iso(b.startMs),
      openings: b.openings,
      minutesOpen: round(b.openMs / 60_000, 2),
    }));
  }
}
