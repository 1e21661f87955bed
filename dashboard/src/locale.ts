import { DEFAULT_LANGUAGE, english, isLanguage, loadMessages, type Messages } from '../i18n/languages';

export type TemperatureUnit = 'celsius' | 'fahrenheit';
export type WeightUnit = 'kg' | 'lb';

/** What the reader chose, or what their browser's locale suggests until they choose. */
export interface Preferences {
  language: string;
  temperature: TemperatureUnit;
  weight: WeightUnit;
}

/**
 * Regions that read temperatures in °F and weights in pounds, from CLDR's unit preference data
 * (supplemental/units.xml: `temperature` → fahrenheit; `mass` → pound, "measurementSystem US").
 */
const FAHRENHEIT_REGIONS = new Set(['US', 'BS', 'BZ', 'KY', 'PR', 'PW', 'LR', 'FM', 'MH']);
const POUND_REGIONS = new Set(['US', 'LR', 'MM', 'PR']);

/** Remembered per tag: cards ask for the units on every render, and `maximize()` is slow (0.5 ms). */
const regions = new Map<string, string | undefined>();
function regionOf(tag: string): string | undefined {
  if (regions.has(tag)) return regions.get(tag);
  let region: string | undefined;
  try {
    region = new Intl.Locale(tag).maximize().region;
  } catch {
    region = undefined;
  }
  regions.set(tag, region);
  return region;
}

/** The first of the browser's languages we have words for, and its locale's units. */
export function defaultPreferences(browserLanguages: readonly string[]): Preferences {
  const first = browserLanguages[0];
  const language =
    browserLanguages.map((tag) => tag.split('-')[0]?.toLowerCase() ?? '').find(isLanguage) ??
    DEFAULT_LANGUAGE;
  const region = first === undefined ? undefined : regionOf(first);
  return {
    language,
    temperature: region !== undefined && FAHRENHEIT_REGIONS.has(region) ? 'fahrenheit' : 'celsius',
    weight: region !== undefined && POUND_REGIONS.has(region) ? 'lb' : 'kg',
  };
}

/** Keeps only what is well formed from a stored choice (an old or edited value is ignored). */
export function readStoredChoice(raw: string | null): Partial<Preferences> {
  if (raw === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const value = parsed as Record<string, unknown>;
  const choice: Partial<Preferences> = {};
  if (typeof value.language === 'string' && isLanguage(value.language)) choice.language = value.language;
  if (value.temperature === 'celsius' || value.temperature === 'fahrenheit')
    choice.temperature = value.temperature;
  if (value.weight === 'kg' || value.weight === 'lb') choice.weight = value.weight;
  return choice;
}

export const PREFERENCES_KEY = 'fridges.preferences';

/** The active words and units. Module state: every formatter reads it, and the app re-renders on change. */
let active: { preferences: Preferences; messages: Messages; locale: string | undefined } = {
  preferences: { language: DEFAULT_LANGUAGE, temperature: 'celsius', weight: 'kg' },
  messages: english,
  locale: undefined,
};

/** The words of the reader's language. */
export function msg(): Messages {
  return active.messages;
}

export function activePreferences(): Preferences {
  return active.preferences;
}

/**
 * The locale for dates and times: the browser's own tag when it is of the chosen language (so an
 * en-GB reader keeps 24-hour times), else the bare language. `undefined` (the runtime's) in tests.
 */
export function intlLocale(): string | undefined {
  return active.locale;
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages;
}

/** Loads the language's words (lazily, for all but English) and makes these preferences active. */
export async function applyPreferences(preferences: Preferences): Promise<void> {
  const messages = await loadMessages(preferences.language);
  const own = browserLanguages().find((tag) => tag.split('-')[0]?.toLowerCase() === preferences.language);
  active = { preferences, messages, locale: own ?? preferences.language };
  if (typeof document !== 'undefined') document.documentElement.lang = preferences.language;
}

/** What this reader chose before, over what their locale suggests. */
export function startingPreferences(): Preferences {
  let stored: string | null = null;
  try {
    stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(PREFERENCES_KEY);
  } catch {
    // Storage blocked (private mode, a kiosk policy): the locale's defaults serve.
  }
  return { ...defaultPreferences(browserLanguages()), ...readStoredChoice(stored) };
}

/** Remembers a choice for the next visit. */
export function storePreferences(preferences: Preferences): void {
  try {
    localStorage.setItem(PREFERENCES_KEY, JSON.stringify(preferences));
  } catch {
    // Not remembered; the choice still holds on this page.
  }
}
