import { createContext } from 'preact';
import { useCallback, useContext, useMemo, useState } from 'preact/hooks';
import { activePreferences, applyPreferences, type Preferences, storePreferences } from './locale';

export interface PreferencesControl {
  preferences: Preferences;
  /** Applies a choice (loading the language's words if needed), remembers it and re-renders. */
  choose(change: Partial<Preferences>): void;
}

export const PreferencesContext = createContext<PreferencesControl>({
  preferences: activePreferences(),
  choose: () => undefined,
});

export function usePreferences(): PreferencesControl {
  return useContext(PreferencesContext);
}

/** The app's preferences state: starts from what `applyPreferences` made active before the first render. */
export function usePreferencesState(): PreferencesControl {
  const [preferences, setPreferences] = useState<Preferences>(activePreferences);
  const choose = useCallback((change: Partial<Preferences>) => {
    const next = { ...activePreferences(), ...change };
    storePreferences(next);
    applyPreferences(next).then(
      () => setPreferences(next),
      (error: unknown) => console.warn('Could not load the language', error),
    );
  }, []);
  // One object while the preferences stay: a new context value re-renders every reader of it
  // (each card of the list) on every render of the app.
  return useMemo(() => ({ preferences, choose }), [preferences, choose]);
}
