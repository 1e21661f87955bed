import type { ErrorCode } from '../../../contract/errors';

/**
 * What the organiser forms share: field errors, the result of a check, numbers as typed, and
 * matching a server refusal to the field it is about.
 */

/** Field name → what is wrong with it. Shelf fields are `shelves.{index}.{field}`. */
export type FieldErrors = Readonly<Record<string, string>>;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const SLUG_HINT = 'lower-case letters, digits and dashes, starting with a letter or digit';

/** A number as typed, with a decimal comma allowed ("2,5"); null when it is not a number. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Refusals that are about one field whatever their message says. */
const FIELD_OF_CODE: Readonly<Partial<Record<ErrorCode, string>>> = {
  FRIDGE_EXISTS: 'id',
  DEVICE_EXISTS: 'deviceId',
  VOLUNTEER_EXISTS: 'id',
};

/**
 * The form field a server refusal is about, when it names one: "body/shelves/1/id must match
 * pattern" and `shelves/1/id: "s1" is used twice` both point at `shelves.1.id`. The caller shows
 * the message next to that field if the form has it, and above the form in any case.
 */
export function fieldOfRefusal(code: ErrorCode | null, message: string): string | null {
  const field = code === null ? undefined : FIELD_OF_CODE[code];
  if (field !== undefined) return field;
  // Fastify's schema errors ("body/name must ...") and the server's own checks ("shelves/1/id: ...").
  const match = /^body\/([A-Za-z0-9/]+)\s|^([A-Za-z]+(?:\/[A-Za-z0-9]+)*):\s/.exec(message);
  const path = match?.[1] ?? match?.[2];
  return path === undefined ? null : path.split('/').join('.');
}
