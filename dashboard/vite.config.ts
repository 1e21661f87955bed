import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The dashboard lives in this folder wherever Vite is started from. */
const root = fileURLToPath(new URL('.', import.meta.url));

/** Where `vite` (dev server) sends /api; the server's default port unless DASHBOARD_API_URL says otherwise. */
const apiTarget = process.env.DASHBOARD_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  root,
  // Absolute asset URLs, so deep links like /fridges/x served by the SPA fallback still load them.
  base: '/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
