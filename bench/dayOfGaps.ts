import { DEFAULT_ALERTS_CONFIG, defaultAlertSettings } from '../server/domain/alerts/config';
import { alertMemoryFrom } from '../server/domain/alerts/savedMemory';
import { type AlertContext, type FridgeAlertState, initialAlertState } from '../server/domain/alerts/types';
import { openDatabase } from '../server/storage/database';
import type { Registration } from './provision';

/** Gaps the alert rules keep per device (`MAX_GAPS` in server/domain/alerts/deviceRules.ts). */
const GAPS = 150;
/** 150 gaps spread over the last day: a device reporting about every 9.6 minutes. */
const SPACING_MS = Math.floor((24 * 3600_000) / (GAPS + 1));

/** A device's track as saved after a day of reports up to `lastMs`, its lengths varied by `n`. */
function dayTrack(lastMs: number, n: number) {
  const endsMs = Array.from({ length: GAPS }, (_, i) => lastMs - (GAPS - 1 - i) * SPACING_MS);
  // Lengths around the spacing, varied so each new one lands somewhere in the sorted run.
  const lengthsMs = endsMs.map((_, i) => SPACING_MS - 30_000 + ((i * 7919 + n) % 60_000));
  return { lastHeardMs: lastMs, gaps: { endsMs, lengthsMs }, offline: false, battery: null };
}

/** The alert rules' memory of fridge number `n` after a day: its device's and its probe's gaps, as saved. */
export function dayOfGapsMemory(deviceId: string, n: number, nowMs: number) {
  const { alerts: _alerts, ...memory } = initialAlertState();
  return { ...memory, devices: { [deviceId]: dayTrack(nowMs, n) }, probe: dayTrack(nowMs - 1_000, n + 1) };
}

/**
 * Fridge number `n` (`bench-n`, its device `bench-n-dev`) as the alert rules hold it after a day of
 * gaps: `dayOfGapsMemory` read back by the feature's own loader (`alertMemoryFrom`, as a row saved
 * in the older inline form), with the rules' context of a fridge on the default settings. The start
 * of the alert benches (bench/alerts/).
 */
export function dayOfGapsFridge(
  n: number,
  nowMs: number,
): { id: string; state: FridgeAlertState; context: AlertContext } {
  const id = `bench-${n}`;
  const deviceId = `${id}-dev`;
  return {
    id,
    state: alertMemoryFrom(JSON.stringify(dayOfGapsMemory(deviceId, n, nowMs)), null),
    context: {
      fridgeId: id,
      config: DEFAULT_ALERTS_CONFIG,
      settings: defaultAlertSettings('fridge'),
      deviceIds: [deviceId],
      newAlertId: () => `al-${n}`,
    },
  };
}

/**
 * BENCH_DAY_OF_GAPS=1: each fridge's alert rules start with a day's history, 150 gaps for its
 * device and for its probe, as on a server that has run for a day. A fixture fresh from its import
 * has none, so a short benchmark measures logs of a few gaps: the day-old log is what
 * `GapLog.next` copied on every message before it appended in place (docs/scaling.md, "Eighth
 * round"). Written into `alert_state`, where the rules' memory is kept between runs.
 */
export function seedDayOfGaps(dataDir: string, registrations: Registration[], nowMs: number): void {
  const db = openDatabase(dataDir);
  try {
    const insert = db.prepare('INSERT OR REPLACE INTO alert_state (fridge_id, state) VALUES (?, ?)');
    db.transaction(() => {
      registrations.forEach(({ deviceId }, n) => {
        insert.run(deviceId.replace(/-dev$/, ''), JSON.stringify(dayOfGapsMemory(deviceId, n, nowMs)));
      });
    })();
  } finally {
    db.close();
  }
}
