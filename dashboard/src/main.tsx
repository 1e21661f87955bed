import { render } from 'preact';
import { createHttpApi } from './api';
import { App } from './app';
import type { EventSourceLike } from './live-feed';
import './style.css';

const api = createHttpApi();
const openEvents = (): EventSourceLike => new EventSource('/api/events');

const root = document.getElementById('app');
if (root !== null) render(<App api={api} openEvents={openEvents} />, root);
