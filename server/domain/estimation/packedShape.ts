/**
 * Plain data (numbers, strings, booleans, null, undefined, arrays and plain objects) held as two
 * flat arrays, its numbers and its strings, and a shape that says how they fit together. Shapes
 * are interned, so every value built the same way (thousands of estimator states whose shelf
 * tracks have the same fields set) shares one. Without pointer compression a number in a plain
 * object is a pointer and a 16-byte HeapNumber; in an array of doubles it is 8 bytes, and writing
 * it in place allocates nothing (issue 12, docs/scaling.md "Ninth round: the estimator's compact
 * state").
 *
 * Exact: unpacking gives a value equal to the packed one, field for field and in the same key
 * order; `undefined`, `null`, `-0` and NaN come back as they went in.
 */
import {
  ARRAY,
  arrayShape,
  BOOLEAN,
  isPlainObject,
  LEAVES,
  NULL,
  NUMBER,
  OBJECT,
  objectShape,
  RECORD,
  recordShape,
  STRING,
  UNDEFINED,
} from './packedKinds';
import type { PackedCursor, PackedShape } from './packedObjects';

export type { PackedCursor, PackedShape } from './packedObjects';

export interface Packed {
  shape: PackedShape;
  /** Numbers and booleans (0, 1), depth first. Only numbers are stored, so V8 keeps them unboxed. */
  numbers: number[];
  /** Strings and the keys of records, depth first. */
  strings: string[];
}

/**
 * Every shape seen. States differ in which optional fields are set and how long their short
 * lists are, so there are a few thousand; the bound only guards against a runaway (a cleared
 * table costs new shapes, never a wrong value: a shape is immutable and held by its values).
 */
const interned = new Map<string, PackedShape>();
const MAX_INTERNED = 100_000;
/** Numbers for interned shapes, after the leaves' kinds. */
let lastId = ARRAY;

function intern(kind: number, keys: readonly string[], members: readonly PackedShape[]): PackedShape {
  // Members are interned first, so their numbers name them.
  const key = `${kind}${kind === OBJECT ? JSON.stringify(keys) : ''}(${members.map((m) => m.id).join(',')})`;
  const known = interned.get(key);
  if (known) return known;
  if (interned.size >= MAX_INTERNED) interned.clear();
  const id = ++lastId;
  const shape =
    kind === OBJECT
      ? objectShape(keys, members, id)
      : kind === RECORD
        ? recordShape(members, id)
        : arrayShape(members, id);
  interned.set(key, shape);
  return shape;
}

/** The number of shapes interned (tests, the memory bench). */
export const internedShapes = (): number => interned.size;

/** Keys whose plain-object values are keyed by ids. */
export type RecordKeys = ReadonlySet<string>;

function writeLeaf(kind: number, value: unknown, at: PackedCursor): PackedShape {
  const shape = LEAVES[kind] as PackedShape;
  shape.write(value, at);
  return shape;
}

/** The member of `hint` (a shape the value had before) that the member at `index`, `key` had. */
function memberHint(
  hint: PackedShape | undefined,
  index: number,
  key: string | null,
): PackedShape | undefined {
  if (hint === undefined) return undefined;
  if (hint.kind === OBJECT) return key === null ? undefined : hint.members[hint.keys.indexOf(key)];
  return hint.kind === RECORD || hint.kind === ARRAY ? hint.members[index] : undefined;
}

/**
 * Writes `value` at the cursor and returns its shape. Where a part of it still has the shape it
 * had (`hint`), that part is written over as a step writes it and its shape kept; only the parts
 * that changed are interned anew, so a state that gained a field costs a few lookups, not one per
 * object it holds.
 */
function build(
  value: unknown,
  hint: PackedShape | undefined,
  asRecord: boolean,
  records: RecordKeys,
  at: PackedCursor,
): PackedShape {
  if (hint !== undefined) {
    const { n, s } = at;
    if (hint.write(value, at)) return hint;
    at.n = n;
    at.s = s;
  }
  switch (typeof value) {
    case 'number':
      return writeLeaf(NUMBER, value, at);
    case 'boolean':
      return writeLeaf(BOOLEAN, value, at);
    case 'string':
      return writeLeaf(STRING, value, at);
    case 'undefined':
      return LEAVES[UNDEFINED] as PackedShape;
    case 'object': {
      if (value === null) return LEAVES[NULL] as PackedShape;
      if (Array.isArray(value))
        return intern(
          ARRAY,
          [],
          value.map((member, i) => build(member, memberHint(hint, i, null), false, records, at)),
        );
      if (!isPlainObject(value)) throw new TypeError('packs plain data only');
      const keys = Object.keys(value);
      const members: PackedShape[] = [];
      keys.forEach((key, i) => {
        if (asRecord) at.strings[at.s++] = key;
        const inner = memberHint(hint, i, asRecord ? null : key);
        members.push(build(value[key], inner, !asRecord && records.has(key), records, at));
      });
      return asRecord ? intern(RECORD, [], members) : intern(OBJECT, keys, members);
    }
    default:
      throw new TypeError(`packs plain data only, not a ${typeof value}`);
  }
}

/** Packs `value` into new arrays, reusing the shapes of the parts that still have those of `hint`. */
function packLike(value: unknown, hint: PackedShape | undefined, records: RecordKeys): Packed {
  const at: PackedCursor = { numbers: [], strings: [], n: 0, s: 0 };
  const shape = build(value, hint, false, records, at);
  // Exactly as long as they need to be (an array grown by writes leaves room to grow).
  return { shape, numbers: at.numbers.slice(0, at.n), strings: at.strings.slice(0, at.s) };
}

/** Packs `value`; `records` names the keys whose objects are keyed by ids. */
export const pack = (value: unknown, records: RecordKeys): Packed => packLike(value, undefined, records);

const cursor: PackedCursor = { numbers: [], strings: [], n: 0, s: 0 };

/**
 * Packs `value` into `packed`, in place when it has the same shape (the usual step: nothing is
 * allocated), into new arrays when not.
 */
export function repack(packed: Packed, value: unknown, records: RecordKeys): void {
  cursor.numbers = packed.numbers;
  cursor.strings = packed.strings;
  cursor.n = 0;
  cursor.s = 0;
  const fits = packed.shape.write(value, cursor);
  cursor.numbers = [];
  cursor.strings = [];
  if (fits) return;
  const fresh = packLike(value, packed.shape, records);
  packed.shape = fresh.shape;
  packed.numbers = fresh.numbers;
  packed.strings = fresh.strings;
}

/** The value `packed` holds, as new plain data. */
export function unpack(packed: Packed): unknown {
  cursor.numbers = packed.numbers;
  cursor.strings = packed.strings;
  cursor.n = 0;
  cursor.s = 0;
  const value = packed.shape.read(cursor);
  cursor.numbers = [];
  cursor.strings = [];
  return value;
}
