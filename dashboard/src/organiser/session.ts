/** The part of `localStorage` the organiser session uses, so tests can pass a Map-backed fake. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const TOKEN_STORAGE_KEY = 'community-fridges.organiser-token';

/** The server refuses organiser tokens shorter than this (`ADMIN_TOKEN`, see README). */
export const TOKEN_MIN_LENGTH = 16;

/**
 * `localStorage`, or null where the browser refuses it (private mode, storage disabled): the token
 * then lasts as long as the page.
 */
export function browserStorage(): StorageLike | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** What was pasted, without the spaces around it or a copied "Bearer " in front. */
export function normaliseToken(input: string): string {
  return input.trim().replace(/^Bearer\s+/i, '');
}

/** Why a typed token cannot be right, before asking the server; null when it may be. */
export function tokenProblem(input: string): string | null {
  const token = normaliseToken(input);
  if (token === '') return 'Enter the organiser token.';
  if (/\s/.test(token)) return 'The token has no spaces in it; check what was pasted.';
  if (token.length < TOKEN_MIN_LENGTH) {
    return `Organiser tokens have at least ${TOKEN_MIN_LENGTH} characters; this one has ${token.length}.`;
  }
  return null;
}

export function readToken(storage: StorageLike | null): string | null {
  try {
    const token = storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
    return token === null || tokenProblem(token) !== null ? null : token;
  } catch {
    return null;
  }
}

/** Keeps the token for the next visit; false when the browser would not store it. */
export function saveToken(storage: StorageLike | null, token: string): boolean {
  if (storage === null) return false;
  try {
    storage.setItem(TOKEN_STORAGE_KEY, token);
    return true;
  } catch {
    return false;
  }
}

export function forgetToken(storage: StorageLike | null): void {
  try {
    storage?.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
