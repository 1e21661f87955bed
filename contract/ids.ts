/** Fridge, shelf, device and probe ids are URL- and topic-safe slugs. */
export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
const slugRegex = new RegExp(SLUG_PATTERN);

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && slugRegex.test(value);
}
