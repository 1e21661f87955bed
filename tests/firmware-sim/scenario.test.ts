import { describe, expect, it } from 'vitest';
import { parseDeviceMessage } from '../../contract';
import { scenarioWireMessage, simulateScenario } from '../../firmware-sim/scenario';
import { FRIDGE, HOUR_MS, MIDNIGHT_UTC_MS, PANTRY } from './fixtures';

describe('offline scenario', () => {
  const options = {
    seed: 8,
    fridges: [FRIDGE, PANTRY],
    startMs: MIDNIGHT_UTC_MS + 17 * HOUR_MS,
    durationMs: 2 * HOUR_MS,
  };
  const result = simulateScenario(options);

  it('returns readings and truth in time order, starting with each fridge initial stock', () => {
    const times = result.readings.map((r) => r.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(result.truth.slice(0, 2).map((r) => [r.fridgeId, r.event.type])).toEqual([
      ['f1', 'initial'],
      ['p1', 'initial'],
    ]);
    expect(
      result.readings.every(
        (r) => r.atMs >= options.startMs && r.atMs <= options.startMs + options.durationMs,
      ),
    ).toBe(true);
    expect(result.sessions.length).toBeGreaterThan(5);
  });

  it('is reproducible, and a fridge behaves the same with or without another beside it', () => {
    expect(simulateScenario(options)).toEqual(result);
    const alone = simulateScenario({ ...options, fridges: [FRIDGE] });
    expect(alone.readings).toEqual(result.readings.filter((r) => r.fridgeId === 'f1'));
  });

  it('numbers each device its own seq from 0 without gaps', () => {
    for (const fridgeId of ['f1', 'p1']) {
      const seqs = result.readings.filter((r) => r.fridgeId === fridgeId).map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i));
    }
  });

  it('encodes every reading as a valid contract message', () => {
    for (const reading of result.readings) {
      const wire = scenarioWireMessage(reading, { timestamps: true });
      const parsed = parseDeviceMessage(wire.topic, new TextEncoder().encode(wire.payload));
      if (!parsed.ok) throw new Error(`${wire.topic} ${wire.payload}: ${parsed.detail}`);
      expect(parsed.value.seq).toBe(reading.seq);
      expect(parsed.value.deviceTimeMs).toBe(reading.atMs);
    }
    const [first] = result.readings;
    if (!first) throw new Error('no readings');
    expect(JSON.parse(scenarioWireMessage(first, { timestamps: false }).payload)).not.toHaveProperty('ts');
  });
});
