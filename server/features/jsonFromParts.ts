/**
 * An object's JSON built from the JSON of the version before it: the values it shares with that
 * version by identity (a status's unchanged shelves, devices, hours, levels: `domain/sameParts.ts`)
 * are copied as text from the earlier JSON instead of being serialised again. At 10,000 fridges each
 * reading changes one fridge's status, and serialising its whole 2–3 kB again was the largest part of
 * the retained `state` publish (docs/scaling.md, "Ninth round: the CPU a status change costs").
 *
 * The result is byte for byte `JSON.stringify(value)` (tests/server/features/jsonFromParts.test.ts),
 * on one condition the callers keep: an object, once serialised, is never changed in place.
 */
export interface JsonWithSpans {
  readonly json: string;
  /**
   * Where each value lies in `json`, as 16-bit char codes (a string is the most compact immutable
   * array V8 keeps: 2 bytes an offset against 8 in an array of numbers, and this survives with its
   * status): for the i-th own key, [2i] the start and [2i+1] the end of its value's text (NO_SPAN
   * when the key was left out); then for each array-valued key, in key order, start and end of each
   * element. Empty when the JSON is too long for 16-bit offsets, or was made by `JSON.stringify`.
   */
  readonly spans: string;
}

const NO_SPAN = 0xffff;
const EMPTY_KEYS: readonly string[] = [];

/** A value `JSON.stringify` would hand to its `toJSON` (with this key, which we do not pass on). */
function hasToJson(value: unknown): boolean {
  return (
    ((value !== null && typeof value === 'object') || typeof value === 'bigint') &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}

/** `"key":` per key: a status has about twenty, the same in every status. Bounded for odd callers. */
const keyTexts = new Map<string, string>();
const KEY_TEXTS_MAX = 1_000;
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`;
    if (keyTexts.size < KEY_TEXTS_MAX) keyTexts.set(key, text);
  }
  return text;
}

/** `JSON.stringify(value)` for a value that has no toJSON, with the primitives' answers at hand. */
function valueText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return value === null ? 'null' : JSON.stringify(value);
  }
}

/**
 * `value`'s JSON, reusing `previousJson`'s text of every top-level value (and top-level array
 * element) that is the same object as `previous`'s at the same key (and index).
 */
export function jsonFromParts(
  value: object,
  previous: object | null = null,
  previousJson: JsonWithSpans | null = null,
): JsonWithSpans {
  if (Array.isArray(value) || hasToJson(value)) return { json: JSON.stringify(value), spans: '' };
  const old = (previousJson !== null && previousJson.spans !== '' ? previous : null) as Record<
    string,
    unknown
  > | null;
  const oldKeys = old ? Object.keys(old) : EMPTY_KEYS;
  const oldText = previousJson?.json ?? '';
  const oldSpans = previousJson?.spans ?? '';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(value);
  const texts: string[] = ['{'];
  const spans: number[] = [];
  const elementSpans: number[] = [];
  let length = 1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const part = record[key];
    if (hasToJson(part)) return { json: JSON.stringify(value), spans: '' };
    const j = old === null ? -1 : oldKeys[i] === key ? i : oldKeys.indexOf(key);
    const shared = j >= 0 && part === old?.[key] && part !== null && typeof part === 'object';
    const isArray = Array.isArray(part);
    const text = shared
      ? oldText.slice(oldSpans.charCodeAt(2 * j), oldSpans.charCodeAt(2 * j + 1))
      : isArray
        ? undefined // written element by element below
        : valueText(part);
    if (text === undefined && !isArray) {
      spans.push(NO_SPAN, NO_SPAN);
      continue;
    }
    const label = texts.length > 1 ? `,${keyText(key)}` : keyText(key);
    texts.push(label);
    length += label.length;
    const start = length;
    if (text !== undefined) {
      texts.push(text);
      length += text.length;
      if (isArray) {
        // The whole array is shared: its elements moved by as much as it did.
        const at = elementSpansAt(old as Record<string, unknown>, oldKeys, j);
        const shift = start - oldSpans.charCodeAt(2 * j);
        for (let n = 0; n < 2 * (part as unknown[]).length; n++)
          elementSpans.push(oldSpans.charCodeAt(at + n) + shift);
      }
    } else {
      const items = part as unknown[];
      const oldPart = j >= 0 ? old?.[key] : undefined;
      const oldItems = Array.isArray(oldPart) ? (oldPart as unknown[]) : null;
      const at = oldItems ? elementSpansAt(old as Record<string, unknown>, oldKeys, j) : 0;
      texts.push('[');
      length++;
      for (let n = 0; n < items.length; n++) {
        const item = items[n];
        if (hasToJson(item)) return { json: JSON.stringify(value), spans: '' };
        if (n > 0) {
          texts.push(',');
          length++;
        }
        const itemText =
          oldItems !== null &&
          n < oldItems.length &&
          item === oldItems[n] &&
          item !== null &&
          typeof item === 'object'
            ? oldText.slice(oldSpans.charCodeAt(at + 2 * n), oldSpans.charCodeAt(at + 2 * n + 1))
            : (valueText(item) ?? 'null');
        texts.push(itemText);
        elementSpans.push(length, length + itemText.length);
        length += itemText.length;
      }
      texts.push(']');
      length++;
    }
    spans.push(start, length);
  }
  texts.push('}');
  const json = texts.join('');
  if (json.length >= NO_SPAN) return { json, spans: '' };
  for (let n = 0; n < elementSpans.length; n++) spans.push(elementSpans[n] as number);
  return { json, spans: String.fromCharCode.apply(null, spans) };
}

/** Where the element spans of `previous`'s `index`-th key begin: after those of every array before it. */
function elementSpansAt(previous: Record<string, unknown>, keys: readonly string[], index: number): number {
  let at = 2 * keys.length;
  for (let i = 0; i < index; i++) {
    const value = previous[keys[i] as string];
    if (Array.isArray(value)) at += 2 * value.length;
  }
  return at;
}
