import { render } from 'preact';
import { createHttpApi, type DashboardApi } from './api';
import { App } from './app';
import type { EventSourceLike } from './live-feed';
import { applyPreferences, startingPreferences } from './locale';
import './style.css';

const http = createHttpApi();
/** Settles when the first fridge list has come (or failed): the moment the worker may install. */
let firstListSettled: () => void = () => {};
const firstList = new Promise<void>((resolve) => {
  firstListSettled = resolve;
});
const api: DashboardApi = {
  ...http,
  listFridges: () => {
    const list = http.listFridges();
    list.then(firstListSettled, firstListSettled);
    return list;
  },
};
const openEvents = (): EventSourceLike => new EventSource('/api/events');

const root = document.getElementById('app');
// The reader's language is loaded before the first render, so the page never flashes in English.
// Should its file not load (offline), the page starts in English rather than not at all.
void applyPreferences(startingPreferences())
  .catch((error: unknown) => console.warn('Could not load the language', error))
  .then(() => {
    if (root !== null) render(<App api={api} openEvents={openEvents} />, root);
  });

// Installable, and the last known status with no network (dashboard/public/sw.js). Not in `vite`'s
// dev server (the only place with `import.meta.hot`), whose modules it would keep stale.
// Registered once the first list is on screen (or 10 s after load on pages without one), when the
// page is idle: installing fetches the shell again and starts a worker, which during the first load
// delayed the first 50 of 1,000 cards by about 150–250 ms on the 2-core bench machine
// (bench/dashboardRender.ts; web.dev "Service worker registration" advises the same deferral).
if ('serviceWorker' in navigator && import.meta.hot === undefined) {
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('No service worker', error);
    });
  };
  const whenIdle = () =>
    requestAnimationFrame(() =>
      'requestIdleCallback' in window
        ? requestIdleCallback(register, { timeout: 3_000 })
        : setTimeout(register, 0),
    );
  window.addEventListener('load', () => {
    void Promise.race([firstList, new Promise<void>((resolve) => setTimeout(resolve, 10_000))]).then(
      whenIdle,
    );
  });
}
