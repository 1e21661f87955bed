import { describe, expect, it } from 'vitest';
import {
  forgetToken,
  normaliseToken,
  readToken,
  type StorageLike,
  saveToken,
  TOKEN_STORAGE_KEY,
  tokenProblem,
} from '../../../dashboard/src/organiser/session';

function memoryStorage(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
  };
}

const refusingStorage: StorageLike = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
};

const TOKEN = 'organiser-token-0123456789';

describe('the organiser token', () => {
  it('is read as pasted, without spaces around it or a copied "Bearer "', () => {
    expect(normaliseToken(`  ${TOKEN}\n`)).toBe(TOKEN);
    expect(normaliseToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
  });

  it('is refused before asking the server when it cannot be right', () => {
    expect(tokenProblem('')).toMatch(/Enter the organiser token/);
    expect(tokenProblem('short')).toMatch(/at least 16 characters; this one has 5/);
    expect(tokenProblem('two words in the token here')).toMatch(/no spaces/);
    expect(tokenProblem(TOKEN)).toBeNull();
  });

  it('is kept until signing out forgets it', () => {
    const storage = memoryStorage();
    expect(readToken(storage)).toBeNull();
    expect(saveToken(storage, TOKEN)).toBe(true);
    expect(storage.items.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    expect(readToken(storage)).toBe(TOKEN);
    forgetToken(storage);
    expect(readToken(storage)).toBeNull();
  });

  it('ignores a stored value that cannot be a token', () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, 'x');
    expect(readToken(storage)).toBeNull();
  });

  it('lasts as long as the page where the browser refuses storage', () => {
    expect(readToken(refusingStorage)).toBeNull();
    expect(saveToken(refusingStorage, TOKEN)).toBe(false);
    expect(() => forgetToken(refusingStorage)).not.toThrow();
    expect(saveToken(null, TOKEN)).toBe(false);
    expect(readToken(null)).toBeNull();
  });
});
