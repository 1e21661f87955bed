/**
 * The kinds of packed shapes (packedShape.ts): the leaves (number, boolean, string, null,
 * undefined), arrays, records keyed by ids, and objects, each with the reader and writer that move
 * a value of that shape between plain data and the packed arrays.
 */
import { compileObjectReader, compileObjectWriter, type PackedShape } from './packedObjects';

export const NUMBER = 0;
export const BOOLEAN = 1;
export const STRING = 2;
export const NULL = 3;
export const UNDEFINED = 4;
export const OBJECT = 5;
/** An object keyed by ids (a fridge's shelf ids): its keys go with the strings, not the shape. */
export const RECORD = 6;
export const ARRAY = 7;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

const leaf = (kind: number, read: PackedShape['read'], write: PackedShape['write']): PackedShape => ({
  kind,
  keys: [],
  members: [],
  id: kind,
  read,
  write,
});

export const LEAVES: readonly PackedShape[] = [
  leaf(
    NUMBER,
    (at) => at.numbers[at.n++],
    (value, at) => {
      if (typeof value !== 'number') return false;
      at.numbers[at.n++] = value;
      return true;
    },
  ),
  leaf(
    BOOLEAN,
    (at) => at.numbers[at.n++] === 1,
    (value, at) => {
      if (typeof value !== 'boolean') return false;
      at.numbers[at.n++] = value ? 1 : 0;
      return true;
    },
  ),
  leaf(
    STRING,
    (at) => at.strings[at.s++],
    (value, at) => {
      if (typeof value !== 'string') return false;
      at.strings[at.s++] = value;
      return true;
    },
  ),
  leaf(
    NULL,
    () => null,
    (value) => value === null,
  ),
  leaf(
    UNDEFINED,
    () => undefined,
    (value) => value === undefined,
  ),
];

export function arrayShape(members: readonly PackedShape[], id: number): PackedShape {
  return {
    kind: ARRAY,
    keys: [],
    members,
    id,
    read: (at) => {
      const array: unknown[] = [];
      for (const member of members) array.push(member.read(at));
      return array;
    },
    write: (value, at) => {
      if (!Array.isArray(value) || value.length !== members.length) return false;
      for (let i = 0; i < members.length; i++)
        if (!(members[i] as PackedShape).write(value[i], at)) return false;
      return true;
    },
  };
}

export function recordShape(members: readonly PackedShape[], id: number): PackedShape {
  return {
    kind: RECORD,
    keys: [],
    members,
    id,
    read: (at) => {
      const record: Record<string, unknown> = {};
      for (const member of members) {
        const key = at.strings[at.s++] as string;
        // An id of "__proto__" stays a key, as JSON.parse leaves it, rather than a prototype.
        if (key === '__proto__')
          Object.defineProperty(record, key, {
            value: member.read(at),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else record[key] = member.read(at);
      }
      return record;
    },
    write: (value, at) => {
      if (!isPlainObject(value)) return false;
      let i = 0;
      for (const key in value) {
        const member = members[i++];
        if (member === undefined) return false;
        at.strings[at.s++] = key;
        if (!member.write(value[key], at)) return false;
      }
      return i === members.length;
    },
  };
}

export function objectShape(
  keys: readonly string[],
  members: readonly PackedShape[],
  id: number,
): PackedShape {
  return {
    kind: OBJECT,
    keys,
    members,
    id,
    read: compileObjectReader(keys, members),
    write: compileObjectWriter(keys, members),
  };
}
