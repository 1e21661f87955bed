import { tickCanChange } from './estimator';
import { type Packed, pack, type RecordKeys, repack, unpack } from './packedShape';
import type { EstimatorState } from './types';

/**
 * An estimator state at rest, between two of its fridge's steps: its numbers in one array of
 * doubles and its strings in another, with a structure shared by the fridges whose states have
 * the same fields set (`packedShape.ts`). The server holds 10,000 of these; a step unpacks one
 * into plain objects, steps them in place and packs them back over the same arrays (issue 12,
 * docs/scaling.md "Ninth round: the estimator's compact state"). The domain's steps and the saved
 * JSON keep the plain form.
 */
export interface PackedEstimatorState extends Packed {
  /** `tickCanChange` of the state, so the ticker need not unpack every fridge every 5 s. */
  tickCanChange: boolean;
}

/** The state's objects keyed by shelf id (its tracks, the last published figures, a session's shelves). */
const KEYED_BY_SHELF: RecordKeys = new Set(['shelves', 'published']);

export function packEstimatorState(state: EstimatorState): PackedEstimatorState {
  // A literal, not a spread of `pack`'s result: every packed state then shares one hidden class.
  // Spread while V8 was handing out classes of their own (`../idRecord.ts`: the saved states read
  // at start-up), each of the 10,000 fridges' had its own (docs/scaling.md, "Thirteenth round").
  const { shape, numbers, strings } = pack(state, KEYED_BY_SHELF);
  return { shape, numbers, strings, tickCanChange: tickCanChange(state) };
}

/** Packs a stepped state back into `packed`, over its own arrays when its shape did not change. */
export function repackEstimatorState(packed: PackedEstimatorState, state: EstimatorState): void {
  repack(packed, state, KEYED_BY_SHELF);
  packed.tickCanChange = tickCanChange(state);
}

/** The state as new plain objects, which `stepEstimatorInPlace` may own. */
export const unpackEstimatorState = (packed: PackedEstimatorState): EstimatorState =>
  unpack(packed) as EstimatorState;
