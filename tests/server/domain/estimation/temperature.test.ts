import { describe, expect, it } from 'vitest';
import { FridgeDriver, grams, MINUTE, noiseSource, SECOND, SHELVES, T0 } from './fixtures';

/** Both cells read 7 g heavier per °C (the worst case). */
const KG_PER_CELSIUS = 0.007;
const SETPOINT = 4;

/**
 * Six visits 40 minutes apart each take 0.5 kg from the top shelf. Every 30 s opening warms the
 * air by 8 °C, which then relaxes back over ~10 minutes. The probe reports every 10 s (or never).
 */
function visits(withProbe: boolean): FridgeDriver {
  const fridge = new FridgeDriver();
  const noise = noiseSource(31, 0.008);
  const net = { top: 6, bottom: 3 };
  const openings: number[] = [];
  const air = (at: number) => {
    let celsius = SETPOINT;
    for (const opened of openings) {
      const closed = opened + 30 * SECOND;
      if (at < opened) continue;
      celsius +=
        at < closed ? (8 * (at - opened)) / (30 * SECOND) : 8 * Math.exp(-(at - closed) / (10 * MINUTE));
    }
    return celsius;
  };
  fridge.door(false, T0);
  for (let t = T0; t < T0 + 5 * 60 * MINUTE; t += SECOND) {
    const sinceStart = t - T0;
    const visitAt = sinceStart - 60 * MINUTE;
    if (visitAt >= 0 && visitAt % (40 * MINUTE) === 0 && visitAt <= 200 * MINUTE) {
      openings.push(t);
      fridge.door(true, t);
    }
    const opened = openings.at(-1) ?? Number.NEGATIVE_INFINITY;
    const doorOpen = t >= opened && t < opened + 30 * SECOND;
    if (t === opened + 15 * SECOND) net.top -= 0.5;
    if (t === opened + 30 * SECOND) fridge.door(false, t);
    if (withProbe && sinceStart % (10 * SECOND) === 0)
      fridge.apply({ type: 'temperature', celsius: air(t), measuredAtMs: t }, t);
    if (!doorOpen && sinceStart % (7 * SECOND) === 0) {
      for (const shelf of SHELVES) {
        const gross = shelf.tareKg + net[shelf.id as 'top' | 'bottom'] + KG_PER_CELSIUS * (air(t) - SETPOINT);
        fridge.weight(shelf.id, grams(gross + noise()), t);
      }
    }
    if (sinceStart % (5 * SECOND) === 0) fridge.tick(t);
  }
  return fridge;
}

describe('temperature correction', () => {
  it('learns how each cell reads with the air temperature, and stops phantom changes', () => {
    const fridge = visits(true);
    const learned = fridge.state.shelves.bottom?.thermal.kgPerCelsius ?? 0;
    expect(learned).toBeGreaterThan(0.0055);
    expect(learned).toBeLessThan(0.0085);
    const sessions = fridge.sessions();
    expect(sessions).toHaveLength(6);
    const last = sessions.at(-1);
    expect(last?.shelves.map((s) => s.shelfId)).toEqual(['top']);
    expect(last?.takenKg).toBeCloseTo(0.5, 1);
    expect(last?.addedKg).toBe(0);
    expect(fridge.shelfKg('top')).toBeCloseTo(3, 1);
    expect(fridge.shelfKg('bottom')).toBeCloseTo(3, 1);
  });

  it('without a probe, an opening reads as a phantom change until the hold lets it pass', () => {
    const fridge = visits(false);
    const phantoms = fridge
      .sessions()
      .filter((session) => session.shelves.some((s) => s.shelfId === 'bottom'));
    expect(phantoms.length).toBeGreaterThan(2);
    // Half an hour on, the air has cooled and the stock is right again.
    expect(fridge.shelfKg('bottom')).toBeCloseTo(3, 1);
    expect(fridge.shelfKg('top')).toBeCloseTo(3, 1);
  });
});
