import type { EstimatorState } from '../domain/estimation';
import {
  type PackedEstimatorState,
  packEstimatorState,
  repackEstimatorState,
  unpackEstimatorState,
} from '../domain/estimation/estimatorPacked';

/**
 * The estimator's live states, by fridge id, kept packed between steps: a state's numbers in one
 * array of doubles instead of a pointer and a 16-byte HeapNumber each in plain objects, its
 * `recent` readings as numbers instead of objects that outlived the young generation (issue 12,
 * docs/scaling.md "Ninth round: the estimator's compact state"). `get` gives new plain objects,
 * which the caller may step in place; `set` packs them back, over the same arrays when the state's
 * shape did not change.
 */
export class EstimatorStates {
  private readonly packed = new Map<string, PackedEstimatorState>();

  /** The state as new plain objects; undefined before the fridge's first step. */
  get(fridgeId: string): EstimatorState | undefined {
    const packed = this.packed.get(fridgeId);
    return packed ? unpackEstimatorState(packed) : undefined;
  }

  set(fridgeId: string, state: EstimatorState): void {
    const packed = this.packed.get(fridgeId);
    if (packed) repackEstimatorState(packed, state);
    else this.packed.set(fridgeId, packEstimatorState(state));
  }

  /** Whether a tick can change the fridge's state (`tickCanChange`), without unpacking it. */
  tickCanChange(fridgeId: string): boolean {
    return this.packed.get(fridgeId)?.tickCanChange ?? false;
  }

  ids(): IterableIterator<string> {
    return this.packed.keys();
  }

  delete(fridgeId: string): void {
    this.packed.delete(fridgeId);
  }

  clear(): void {
    this.packed.clear();
  }
}
