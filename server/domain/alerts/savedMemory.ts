/**
 * The rules' memory of one fridge as `alert_state` keeps it: the JSON text of everything but the
 * gap logs, each track naming its log by number (`gaps: 0`), and the logs as bytes
 * (`gapLogBytes.ts`). Rows saved before kept each log inline in the JSON, as
 * `{ endsMs, lengthsMs }` or `[receivedAtMs, gapMs]` pairs, and no bytes: they read as they did.
 * The open alerts are not part of it (stored on their own rows, `alerts`).
 */
import { idRecord, idRecordOf } from '../idRecord';
import { savedDeviceTrack } from './deviceRules';
import type { GapLog } from './gapLog';
import { GapLogWriter, readGapLogs } from './gapLogBytes';
import { alertState, type DeviceTrack, type FridgeAlertState } from './types';

export interface SavedAlertMemory {
  json: string;
  /** Null when no track has a log (no device heard yet). */
  gaps: Uint8Array | null;
}

/** A track as saved: its gap log replaced by its number among the row's logs. */
type SavedTrack = Omit<DeviceTrack, 'gaps'> & { gaps: number };

/** Writes memories for saving; keeps one buffer for the gap bytes (`GapLogWriter`). */
export class AlertMemoryWriter {
  private readonly gapWriter = new GapLogWriter();

  /** The saved form of `state`; its `gaps` is a view of the writer's buffer, valid until the next call. */
  write(state: FridgeAlertState): SavedAlertMemory {
    const { alerts: _alerts, ...memory } = state;
    const logs: GapLog[] = [];
    const devices = idRecord<SavedTrack>();
    for (const id in memory.devices) {
      const track = memory.devices[id];
      if (track) devices[id] = savedTrack(track, logs);
    }
    const probe = memory.probe ? savedTrack(memory.probe, logs) : memory.probe;
    const json = JSON.stringify({ ...memory, devices, probe });
    return { json, gaps: logs.length > 0 ? this.gapWriter.write(logs) : null };
  }
}

function savedTrack(track: DeviceTrack, logs: GapLog[]): SavedTrack {
  logs.push(track.gaps);
  return { ...track, gaps: logs.length - 1 };
}

/** A saved memory read back, in either form; no alerts (the caller adds the open ones). */
export function alertMemoryFrom(json: string, gaps: Uint8Array | null): FridgeAlertState {
  const saved = JSON.parse(json) as FridgeAlertState;
  const logs = gaps ? readGapLogs(gaps) : [];
  const devices = idRecord<DeviceTrack>();
  for (const [id, track] of Object.entries(saved.devices ?? {})) devices[id] = savedDeviceTrack(track, logs);
  return alertState({
    ...saved,
    door: saved.door && { ...saved.door, weightsAtOpen: idRecordOf(saved.door.weightsAtOpen) },
    shelfKg: idRecordOf(saved.shelfKg),
    devices,
    probe: saved.probe ? savedDeviceTrack(saved.probe, logs) : saved.probe,
    alerts: {},
  });
}
