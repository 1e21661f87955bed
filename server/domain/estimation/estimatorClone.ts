import { cloneDriftRateTrack } from './driftRate';
import { newResolution } from './resolution';
import { cloneThermalTrack } from './thermal';
import type { EstimatorState, ShelfTrack } from './types';

/** A working copy the step may mutate, so that the caller's state is never touched. */
export function cloneState(state: EstimatorState): EstimatorState {
  const shelves: Record<string, ShelfTrack> = {};
  for (const [id, shelf] of Object.entries(state.shelves)) {
    shelves[id] = {
      ...shelf,
      spec: { ...shelf.spec },
      thermal: cloneThermalTrack(shelf.thermal),
      driftRate: cloneDriftRateTrack(shelf.driftRate),
      recent: [...shelf.recent],
      sameRun: shelf.sameRun ? { ...shelf.sameRun } : null,
      spikesAtMs: [...shelf.spikesAtMs],
      doubt: shelf.doubt ? { ...shelf.doubt } : null,
      // States saved before these fields existed (a snapshot from an older version) lack them.
      clampedFromKg: shelf.clampedFromKg ?? null,
      shutExcursion: shelf.shutExcursion
        ? { ...shelf.shutExcursion, readings: [...shelf.shutExcursion.readings] }
        : null,
      shutChange: shelf.shutChange ? { ...shelf.shutChange } : null,
      resolution: shelf.resolution ? { ...shelf.resolution } : newResolution(),
    };
  }
  const session = state.session
    ? {
        ...state.session,
        shelves: Object.fromEntries(
          Object.entries(state.session.shelves).map(([id, s]) => [id, { ...s, post: [...s.post] }]),
        ),
      }
    : null;
  return {
    ...state,
    shelfIds: [...state.shelfIds],
    shelves,
    door: state.door ? { ...state.door } : null,
    session,
    temperature: state.temperature ? { ...state.temperature } : null,
  };
}
