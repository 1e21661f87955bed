/**
 * What the server remembers of each bound sensor of an off-the-shelf device, which sends no seq:
 * the door state it last passed on, and whether a shelf has ever reported a fraction of a kg.
 * Pure: `(memory, observation) -> (memory, verdict)`.
 */

export interface BindingMemory {
  /** The door state last passed on; null until one is known. */
  doorOpen: boolean | null;
  /** Weight readings in a row that were whole kilograms. */
  wholeKgStreak: number;
  /** A fraction of a kg was seen: the shelf's resolution is fine. */
  sawFraction: boolean;
}

export const newBindingMemory = (doorOpen: boolean | null = null): BindingMemory => ({
  doorOpen,
  wholeKgStreak: 0,
  sawFraction: false,
});

/**
 * Readings in a row, all whole kg, before a shelf is warned about: ESPHome's `hx711` defaults to
 * `accuracy_decimals: 0` and Tasmota to `WeightRes 0` (sources in docs/protocol.md), so a shelf
 * left at the default rounds every visit to the kilogram. Five avoids warning a shelf that just
 * happened to land on round figures a couple of times (a real 3-decimal reading is whole 1 in 1000).
 */
export const WHOLE_KG_WARNING_AFTER = 5;

export type BindingWarning = 'whole-kg';

export type BindingStep = { kind: 'door'; open: boolean } | { kind: 'weight'; kg: number };

export interface BindingVerdict {
  memory: BindingMemory;
  /** False for a door state that repeats the last one (a retained state re-sent on reconnect). */
  passOn: boolean;
  /** The binding's warning after this reading. */
  warning: BindingWarning | null;
}

export function stepBindingMemory(memory: BindingMemory, step: BindingStep): BindingVerdict {
  const warningOf = (m: BindingMemory): BindingWarning | null =>
    !m.sawFraction && m.wholeKgStreak >= WHOLE_KG_WARNING_AFTER ? 'whole-kg' : null;
  if (step.kind === 'door') {
    // No seq to tell a resend from news: the state itself is the news.
    const passOn = memory.doorOpen !== step.open;
    const next = { ...memory, doorOpen: step.open };
    return { memory: next, passOn, warning: warningOf(next) };
  }
  const whole = Number.isInteger(step.kg);
  const next: BindingMemory = {
    ...memory,
    wholeKgStreak: whole ? memory.wholeKgStreak + 1 : 0,
    sawFraction: memory.sawFraction || !whole,
  };
  // Every weight passes: a repeat is a heartbeat, and the estimator's settle needs repeats.
  return { memory: next, passOn: true, warning: warningOf(next) };
}
