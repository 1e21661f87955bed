import type { SummaryFigures } from '../../../contract/history';
import { type RoundedSession, roundingVariance, twoSigmaKg } from '../estimation/activityRounding';

/** Per fridge, its shelves whose scales round to 100 g or more (shelf id → step kg). */
export type SummaryCoarseSteps = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** A stored session as the summary reads it: the moves as stored (JSON) and how it was seen. */
export interface SummarySession {
  fridgeId: string;
  openedAtMs: number;
  takenKg: number;
  addedKg: number;
  shelvesJson?: string;
  source?: 'door' | 'step';
}

type Rounding = NonNullable<SummaryFigures['rounding']>;

/**
 * The ± on the network summary's kg shared, as the activity figures have it (`activityRounding.ts`):
 * per fridge with coarse scales, from its sessions in the period (or the whole range, for its
 * total); fridges round independently, so a period's or the network's total adds their variances.
 * The whole range is read as one run of sessions, not as the sum of its periods: runs of takes
 * telescope across a period's end.
 */
export class SummaryRoundings {
  private readonly perPeriod: Array<Map<string, RoundedSession[]>>;
  private readonly perFridge = new Map<string, RoundedSession[]>();
  private readonly coarseIds: string[];

  constructor(
    periodCount: number,
    private readonly steps: SummaryCoarseSteps,
  ) {
    this.perPeriod = Array.from({ length: periodCount }, () => new Map());
    this.coarseIds = Object.keys(steps).filter((id) => Object.keys(steps[id] ?? {}).length > 0);
    for (const id of this.coarseIds) this.perFridge.set(id, []);
  }

  /** Keeps a coarse fridge's session (others are left out: their scales add nothing worth a ±). */
  add(periodIndex: number, s: SummarySession): void {
    const all = this.perFridge.get(s.fridgeId);
    const period = this.perPeriod[periodIndex];
    if (!all || !period) return;
    const session: RoundedSession = {
      openedAt: s.openedAtMs,
      takenKg: s.takenKg,
      addedKg: s.addedKg,
      shelves: s.shelvesJson ? (JSON.parse(s.shelvesJson) as RoundedSession['shelves']) : [],
      ...(s.source ? { source: s.source } : {}),
    };
    all.push(session);
    period.set(s.fridgeId, [...(period.get(s.fridgeId) ?? []), session]);
  }

  fridgeInPeriod(periodIndex: number, fridgeId: string): Rounding | undefined {
    if (!this.perFridge.has(fridgeId)) return undefined;
    return this.rounding([fridgeId], (id) => this.perPeriod[periodIndex]?.get(id) ?? []);
  }

  period(periodIndex: number): Rounding | undefined {
    return this.rounding(this.coarseIds, (id) => this.perPeriod[periodIndex]?.get(id) ?? []);
  }

  fridgeTotal(fridgeId: string): Rounding | undefined {
    if (!this.perFridge.has(fridgeId)) return undefined;
    return this.rounding([fridgeId], (id) => this.perFridge.get(id) ?? []);
  }

  total(): Rounding | undefined {
    return this.rounding(this.coarseIds, (id) => this.perFridge.get(id) ?? []);
  }

  private rounding(
    ids: readonly string[],
    sessionsOf: (id: string) => RoundedSession[],
  ): Rounding | undefined {
    if (ids.length === 0) return undefined;
    let varianceKg2 = 0;
    let scaleStepKg = 0;
    for (const id of ids) {
      const steps = this.steps[id] ?? {};
      varianceKg2 += roundingVariance(sessionsOf(id), steps).takenKg2;
      scaleStepKg = Math.max(scaleStepKg, ...Object.values(steps));
    }
    return { kgShared: twoSigmaKg(varianceKg2), scaleStepKg };
  }
}

/** The figures with their ±, when they have one. */
export const withRounding = (figures: SummaryFigures, rounding: Rounding | undefined): SummaryFigures =>
  rounding ? { ...figures, rounding } : figures;
