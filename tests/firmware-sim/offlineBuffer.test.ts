import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OfflineBuffer } from '../../firmware-sim/offlineBuffer';

describe('offline buffer', () => {
  it('keeps the newest readings when full, dropping and counting the oldest', () => {
    const buffer = new OfflineBuffer<number>(3);
    for (let i = 1; i <= 5; i += 1) buffer.push(i);
    expect(buffer.size).toBe(3);
    expect(buffer.dropped).toBe(2);
    expect([buffer.shift(), buffer.shift(), buffer.shift(), buffer.shift()]).toEqual([3, 4, 5, undefined]);
  });

  it('puts a failed send back in front', () => {
    const buffer = new OfflineBuffer<string>(4);
    buffer.push('b');
    buffer.push('c');
    buffer.unshift('a');
    expect([buffer.shift(), buffer.shift(), buffer.shift()]).toEqual(['a', 'b', 'c']);
  });

  it('behaves like a bounded array for any sequence of operations', () => {
    const operation = fc.oneof(
      fc.record({ op: fc.constant('push' as const), value: fc.integer() }),
      fc.record({ op: fc.constant('unshift' as const), value: fc.integer() }),
      fc.record({ op: fc.constant('shift' as const) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(operation, { maxLength: 60 }),
        (capacity, operations) => {
          const buffer = new OfflineBuffer<number>(capacity);
          const model: number[] = [];
          let dropped = 0;
          for (const operation of operations) {
            if (operation.op === 'push') {
              if (model.length === capacity) {
                model.shift();
                dropped += 1;
              }
              model.push(operation.value);
              buffer.push(operation.value);
            } else if (operation.op === 'unshift') {
              if (model.length === capacity) dropped += 1;
              else model.unshift(operation.value);
              buffer.unshift(operation.value);
            } else {
              expect(buffer.shift()).toBe(model.shift());
            }
            expect(buffer.size).toBe(model.length);
            expect(buffer.dropped).toBe(dropped);
          }
        },
      ),
    );
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new OfflineBuffer(0)).toThrow(/capacity/);
  });
});
