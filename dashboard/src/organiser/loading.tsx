import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../error-text';

export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'ok'; value: T }
  | { status: 'error'; message: string };

/** Loads something when `key` changes; `reload()` loads it again and keeps showing the old value meanwhile. */
export function useLoad<T>(load: () => Promise<T>, key: string): { loaded: Loaded<T>; reload: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let active = true;
    // key is what to load; round asks for the same again.
    void round;
    loadRef.current().then(
      (value) => {
        if (active) setLoaded({ status: 'ok', value });
      },
      (error: unknown) => {
        if (active) setLoaded({ status: 'error', message: errorText(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { loaded, reload };
}

/** What a screen shows while its data loads or when it cannot. */
export function LoadState({ loaded, what }: { loaded: Loaded<unknown>; what: string }) {
  if (loaded.status === 'loading') return <p class="placeholder">Loading {what}…</p>;
  if (loaded.status === 'error') {
    return (
      <p class="banner banner-error" role="alert">
        Could not load {what} ({loaded.message}).
      </p>
    );
  }
  return null;
}
