import { render } from 'preact';
import { createHttpApi } from './api';
import { App } from './app';
import type { EventSourceLike } from './live-feed';
import { applyPreferences, startingPreferences } from './locale';
import './style.css';

const api = createHttpApi();
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
if ('serviceWorker' in navigator && import.meta.hot === undefined) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('No service worker', error);
    });
  });
}
