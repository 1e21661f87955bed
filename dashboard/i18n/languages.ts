/// <reference types="vite/client" />
import { messages as english, type Messages } from './en';

export { languageName } from '../../contract/languageName';

/**
 * The languages of the public pages: English, always in the bundle (every other language falls
 * back to it while it loads), and each other `xx.ts` file of this folder, found by Vite at build
 * time and fetched only when chosen (a chunk of a few KB each).
 */
const others = import.meta.glob<{ messages: Messages }>(['./*.ts', '!./en.ts', '!./languages.ts']);

const codeOf = (path: string): string => path.replace(/^\.\//, '').replace(/\.ts$/, '');

export const DEFAULT_LANGUAGE = 'en';

/** Language codes (BCP 47 primary tags), English first. */
export const LANGUAGES: readonly string[] = [DEFAULT_LANGUAGE, ...Object.keys(others).map(codeOf).sort()];

export function isLanguage(code: string): boolean {
  return LANGUAGES.includes(code);
}

/** The words of one language; English without a network round trip. */
export async function loadMessages(code: string): Promise<Messages> {
  if (code === DEFAULT_LANGUAGE) return english;
  const load = others[`./${code}.ts`];
  if (load === undefined) return english;
  return (await load()).messages;
}

export type { Messages };
export { english };
