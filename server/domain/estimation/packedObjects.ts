/** Where the next number and string are read or written (one, reused: packing is synchronous). */
export interface PackedCursor {
  numbers: number[];
  strings: string[];
  n: number;
  s: number;
}

export interface PackedShape {
  readonly kind: number;
  /** An object's keys, in order; empty for the other kinds. */
  readonly keys: readonly string[];
  /** An object's, record's or array's members, in order. */
  readonly members: readonly PackedShape[];
  /** Its number among the interned shapes (a leaf: its kind). */
  readonly id: number;
  /** Reads a value of this shape at the cursor. */
  read(at: PackedCursor): unknown;
  /** Writes `value` at the cursor if it has this shape; false (and a part written) if not. */
  write(value: unknown, at: PackedCursor): boolean;
}

/**
 * An object shape's reader and writer, generated once per shape: an object literal with the
 * shape's keys, and a check-and-write of each key by name. A generic loop (`object[keys[i]]`) sees
 * every hidden class of the state at one site, and V8's lookups there went megamorphic: unpacking
 * and repacking a state cost four times the step's own CPU; these sites see one class each.
 * Keys are written as JSON string literals, so no key can be anything but a key.
 */
const LEAF_READS: Record<number, string> = {
  0: 'at.numbers[at.n++]',
  1: 'at.numbers[at.n++] === 1',
  2: 'at.strings[at.s++]',
  3: 'null',
  4: 'undefined',
};
const LEAF_WRITES: Record<number, string> = {
  0: "if (typeof v !== 'number') return false; at.numbers[at.n++] = v;",
  1: "if (typeof v !== 'boolean') return false; at.numbers[at.n++] = v ? 1 : 0;",
  2: "if (typeof v !== 'string') return false; at.strings[at.s++] = v;",
  3: 'if (v !== null) return false;',
  4: 'if (v !== undefined) return false;',
};

/** A key a literal cannot carry as a plain property (it would set the prototype). */
const literalUnsafe = (keys: readonly string[]) => keys.includes('__proto__');

export function compileObjectReader(
  keys: readonly string[],
  members: readonly PackedShape[],
): (at: PackedCursor) => unknown {
  if (literalUnsafe(keys))
    return (at) => {
      const object: Record<string, unknown> = {};
      keys.forEach((key, i) => {
        Object.defineProperty(object, key, {
          value: (members[i] as PackedShape).read(at),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      });
      return object;
    };
  return generated(readers, keys, members, () => {
    const fields = keys.map((key, i) => {
      const member = members[i] as PackedShape;
      return `${JSON.stringify(key)}: ${LEAF_READS[member.kind] ?? `m[${i}].read(at)`}`;
    });
    // Property values are evaluated in order, so the cursor moves as the packing did.
    return `return function read(at) { return { ${fields.join(', ')} }; };`;
  });
}

export function compileObjectWriter(
  keys: readonly string[],
  members: readonly PackedShape[],
): (value: unknown, at: PackedCursor) => boolean {
  return generated(writers, keys, members, () => {
    const fields = keys.map((key, i) => {
      const member = members[i] as PackedShape;
      return `v = o[${JSON.stringify(key)}]; ${LEAF_WRITES[member.kind] ?? `if (!m[${i}].write(v, at)) return false;`}`;
    });
    return `return function write(o, at) {
      if (typeof o !== 'object' || o === null || Object.getPrototypeOf(o) !== Object.prototype) return false;
      let i = 0;
      for (const key in o) if (key !== keys[i++]) return false;
      if (i !== ${keys.length}) return false;
      let v;
      ${fields.join('\n      ')}
      return true;
    };`;
  });
}

type Factory<F> = (members: readonly PackedShape[], keys: readonly string[]) => F;
const readers = new Map<string, Factory<PackedShape['read']>>();
const writers = new Map<string, Factory<PackedShape['write']>>();

/**
 * One generated factory per layout (the keys, and which members are leaves of which kind), not per
 * shape: shapes that differ only inside a member (a shelf track with 4 or 5 recent readings, a
 * state whose door is open or shut) share its code, and closures made by one factory share V8's
 * feedback and optimised code. One function per shape made thousands of functions that each ran
 * too rarely to be optimised.
 */
function generated<F>(
  cache: Map<string, Factory<F>>,
  keys: readonly string[],
  members: readonly PackedShape[],
  source: () => string,
): F {
  const layout = JSON.stringify([keys, members.map((m) => (m.kind in LEAF_READS ? m.kind : -1))]);
  let factory = cache.get(layout);
  if (!factory) {
    factory = new Function('m', 'keys', source()) as Factory<F>;
    cache.set(layout, factory);
  }
  return factory(members, keys);
}
