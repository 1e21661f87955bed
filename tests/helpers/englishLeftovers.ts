import { messages as english, type Messages } from '../../dashboard/i18n/en';

/**
 * The fixed words of some sections of the English catalogue, to prove a page in another language
 * shows none of them. A function message is called with a placeholder for each argument and split
 * there, so "Shelf {id}" yields "Shelf"; numbers take the plural branch. Fragments the other
 * language shares ("Firmware", "24 h") are dropped, as are fragments of fewer than three letters.
 */
const PLACEHOLDER = '\u0001';

function fragmentsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') {
    const call = value as (...args: unknown[]) => unknown;
    const out = call(...Array.from({ length: call.length }, () => PLACEHOLDER));
    return typeof out === 'string' ? out.split(PLACEHOLDER) : [];
  }
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(fragmentsOf);
  return [];
}

const meaningful = (fragment: string): string =>
  fragment
    .trim()
    .replace(/^[\s.,:;·()—–-]+|[\s.,:;·()—–-]+$/g, '')
    .trim();

export function englishFragments(other: Messages, sections: readonly (keyof Messages)[]): string[] {
  const theirs = sections.flatMap((s) => fragmentsOf(other[s])).join('\n');
  const ours = new Set(sections.flatMap((s) => fragmentsOf(english[s]).map(meaningful)));
  return [...ours].filter((f) => (f.match(/\p{L}/gu)?.length ?? 0) >= 3 && !theirs.includes(f));
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English fragments found in `text`, each matched as whole words. */
export function englishLeftIn(text: string, fragments: readonly string[]): string[] {
  return fragments.filter((f) => new RegExp(`(^|[^\\p{L}])${escapeRegExp(f)}($|[^\\p{L}])`, 'u').test(text));
}
