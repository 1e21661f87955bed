import type { NetworkSummary, SummaryStep } from '../../../contract/history';
import { safeBandOf } from '../../domain/alerts/config';
import { summarizeNetwork, summaryPeriods } from '../../domain/history/networkSummary';
import type { AlertRepository } from '../../storage/alertRepository';
import type { HistoryQueries } from '../../storage/historyQueries';
import type { SummaryQueries } from '../../storage/summaryQueries';
import type { FridgeCatalog } from '../fridgeCatalog';

/**
 * The network summary: sessions from `door_sessions` and temperature excursions from readings or
 * rollups, per local day, week or month. The safe band of each unit is the one its alert rules
 * apply (`safeBandOf`: a fridge 0–5 °C, FDA Food Code 3-501.16(A)(2), a freezer up to -15 °C, or an
 * organiser's overrides); a unit with no temperature rule (a pantry) has no hours out of band.
 */
export class NetworkSummaryService {
  constructor(
    private readonly parts: {
      catalog: FridgeCatalog;
      queries: SummaryQueries;
      history: HistoryQueries;
      alerts: AlertRepository;
      restockMinKg: number;
      timeZone: string;
    },
  ) {}

  summarize(fromMs: number, toMs: number, step: SummaryStep): NetworkSummary {
    const { catalog, queries, history, alerts, timeZone } = this.parts;
    const periods = summaryPeriods(fromMs, toMs, step, timeZone);
    const rangeFromMs = periods[0]?.startMs ?? fromMs;
    const rangeToMs = periods.at(-1)?.endMs ?? toMs;
    const settings = alerts.allSettings();
    const fridges = catalog
      .ids()
      .map((id) => catalog.definition(id))
      .filter((f) => f !== undefined && f !== null);
    const outOfBand = new Map<string, number[]>();
    for (const fridge of fridges) {
      const safe = safeBandOf(settings.get(fridge.id), fridge.kind);
      if (safe === null) continue;
      const band = { aboveC: safe.highCelsius, belowC: safe.lowCelsius ?? Number.NEGATIVE_INFINITY };
      const rawFromMs = history.progress(fridge.id)?.rolledUpToMs ?? null;
      outOfBand.set(fridge.id, queries.outOfBandBuckets(fridge.id, rangeFromMs, rangeToMs, rawFromMs, band));
    }
    return summarizeNetwork({
      periods,
      fridges: fridges.map((f) => ({ id: f.id, name: f.name })),
      sessions: queries.sessions(rangeFromMs, rangeToMs),
      outOfBandBuckets: outOfBand,
      coarseSteps: Object.fromEntries(fridges.map((f) => [f.id, catalog.coarseSteps(f.id)])),
      restockMinKg: this.parts.restockMinKg,
      timeZone,
      step,
    });
  }
}
