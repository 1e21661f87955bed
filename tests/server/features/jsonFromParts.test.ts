import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonFromParts } from '../../../server/features/jsonFromParts';

type Tree = Record<string, unknown>;

/** Any JSON-ish value, with what JSON.stringify treats specially: undefined, -0, NaN, lone surrogates. */
const leaf = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(-0),
);
const part = fc.oneof(
  { arbitrary: leaf, weight: 4 },
  { arbitrary: fc.dictionary(fc.string(), leaf, { maxKeys: 4 }), weight: 4 },
  {
    arbitrary: fc.array(fc.oneof(leaf, fc.dictionary(fc.string(), leaf, { maxKeys: 3 })), { maxLength: 4 }),
    weight: 4,
  },
  // toJSON: JSON.stringify alone knows the key it is called with.
  { arbitrary: fc.date({ noInvalidDate: true }), weight: 1 },
);
const tree = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('0', '7', '12', 'toJSON')), part, {
  maxKeys: 8,
});

/**
 * The next version of `previous`: each top-level value kept (the same object), or replaced; each
 * element of a kept array's copy kept or replaced; keys sometimes dropped or added, as a status
 * that shares its unchanged parts (domain/sameParts.ts) and rebuilds the others.
 */
function nextVersion(previous: Tree, choices: number[], fresh: Tree): Tree {
  const next: Tree = {};
  let c = 0;
  const choose = () => choices[c++ % choices.length] ?? 0;
  for (const key of Object.keys(previous)) {
    const value = previous[key];
    const choice = choose();
    if (choice === 0) next[key] = value;
    else if (choice === 1 && Array.isArray(value))
      next[key] = value.map((item, n) => (choose() < 2 ? item : (fresh[String(n)] ?? item)));
    else if (choice === 2 && key in fresh) next[key] = fresh[key];
  }
  for (const key of Object.keys(fresh)) if (!(key in next) && choose() < 2) next[key] = fresh[key];
  return next;
}

describe('jsonFromParts', () => {
  it('is JSON.stringify of the value, built alone or from any earlier version (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(tree, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (steps) => {
          let previous: Tree | null = null;
          let previousJson: ReturnType<typeof jsonFromParts> | null = null;
          for (const [fresh, choices] of steps) {
            const value: Tree = previous ? nextVersion(previous, choices, fresh) : fresh;
            const made = jsonFromParts(value, previous, previousJson);
            expect(made.json).toBe(JSON.stringify(value));
            previous = value;
            previousJson = made;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('copies a shared part as text from the earlier JSON instead of serialising it again', () => {
    const shelf = { id: 's1', kg: 4 };
    const hours = { mon: '08:00-20:00' };
    const previous = { id: 'f1', lastSeen: 1, shelves: [shelf, { id: 's2', kg: 1 }], hours };
    const made = jsonFromParts(previous);
    // The earlier JSON's text is what gets copied: a marker of the same length in it shows in the next one.
    const marked = {
      json: made.json.replace('"s1","kg":4', '"s1","kg":7').replace('08:00-20:00', '09:00-21:00'),
      spans: made.spans,
    };
    const next = { id: 'f1', lastSeen: 2, shelves: [shelf, { id: 's2', kg: 2 }], hours };
    expect(JSON.parse(jsonFromParts(next, previous, marked).json)).toEqual({
      id: 'f1',
      lastSeen: 2,
      shelves: [
        { id: 's1', kg: 7 },
        { id: 's2', kg: 2 },
      ],
      hours: { mon: '09:00-21:00' },
    });
  });

  it('serialises afresh a part rebuilt equal, and the whole when the previous JSON has no spans', () => {
    const previous = { a: { x: 1 }, b: [1, 2] };
    const made = jsonFromParts(previous);
    const marked = { json: made.json.replace('"x":1', '"x":9'), spans: made.spans };
    expect(jsonFromParts({ a: { x: 1 }, b: [1, 2] }, previous, marked).json).toBe('{"a":{"x":1},"b":[1,2]}');
    expect(jsonFromParts(previous, previous, { json: marked.json, spans: '' }).json).toBe(made.json);
  });

  it('gives no spans for JSON longer than 16-bit offsets, and is still exact', () => {
    const big = { text: 'x'.repeat(70_000), part: { a: 1 } };
    const made = jsonFromParts(big);
    expect(made).toEqual({ json: JSON.stringify(big), spans: '' });
    const next = { text: big.text, part: big.part };
    expect(jsonFromParts(next, big, made).json).toBe(JSON.stringify(next));
  });
});
