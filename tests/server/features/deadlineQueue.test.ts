import { describe, expect, it } from 'vitest';
import { createRng } from '../../../firmware-sim';
import { DeadlineQueue } from '../../../server/features/deadlineQueue';

describe('DeadlineQueue: the earliest of many fridges’ deadlines', () => {
  it('answers null when empty, and follows a key moved later, earlier, and removed', () => {
    const queue = new DeadlineQueue();
    expect(queue.earliest()).toBeNull();
    queue.set('elm', 500);
    queue.set('oak', 300);
    expect(queue.earliest()).toBe(300);
    queue.set('oak', 900);
    expect(queue.earliest()).toBe(500);
    queue.set('elm', 100);
    expect(queue.earliest()).toBe(100);
    queue.set('elm', null);
    expect(queue.earliest()).toBe(900);
    expect(queue.get('elm')).toBeNull();
    queue.set('oak', null);
    expect(queue.earliest()).toBeNull();
  });

  it('always equals the least current deadline, over 20,000 random changes of 500 keys', () => {
    const rng = createRng(12);
    const queue = new DeadlineQueue();
    const truth = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const key = `f${Math.floor(rng.next() * 500)}`;
      if (rng.next() < 0.1) {
        queue.set(key, null);
        truth.delete(key);
      } else {
        const atMs = Math.floor(rng.next() * 1_000_000);
        queue.set(key, atMs);
        truth.set(key, atMs);
      }
      const least = truth.size === 0 ? null : Math.min(...truth.values());
      if (i % 7 === 0) expect(queue.earliest()).toBe(least);
    }
    queue.clear();
    expect(queue.earliest()).toBeNull();
  });

  it('takeDue hands over exactly the keys due by then, earliest first, once each, over random changes', () => {
    const rng = createRng(7);
    const queue = new DeadlineQueue();
    const truth = new Map<string, number>();
    let nowMs = 0;
    for (let i = 0; i < 5_000; i++) {
      const key = `f${Math.floor(rng.next() * 300)}`;
      if (rng.next() < 0.1) {
        queue.set(key, null);
        truth.delete(key);
      } else {
        // Moved later, earlier, and back to a deadline it had before (a stale entry equal to the live one).
        const atMs = nowMs + Math.floor(rng.next() * 50_000);
        queue.set(key, atMs);
        truth.set(key, atMs);
      }
      if (i % 13 === 0) {
        nowMs += Math.floor(rng.next() * 5_000);
        const expected = [...truth]
          .filter(([, atMs]) => atMs <= nowMs)
          .sort(([ka, a], [kb, b]) => a - b || (ka < kb ? -1 : 1));
        const due = queue.takeDue(nowMs);
        expect([...due].sort()).toEqual(expected.map(([key]) => key).sort());
        expect(due.map((key) => truth.get(key))).toEqual(expected.map(([, atMs]) => atMs));
        for (const key of due) {
          truth.delete(key);
          expect(queue.get(key)).toBeNull();
        }
        expect(queue.takeDue(nowMs)).toEqual([]);
        const least = truth.size === 0 ? null : Math.min(...truth.values());
        expect(queue.earliest()).toBe(least);
      }
    }
  });
});
