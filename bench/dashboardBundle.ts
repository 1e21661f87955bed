/**
 * The dashboard's JavaScript as a neighbour's phone downloads it, gzipped: what the list needs
 * before it shows (the entry and what index.html preloads) and each chunk loaded only where used.
 * Prints figures; asserts nothing (budget: the list ≤ 60 KB gzipped, docs/benchmarks.md). Then
 * the render times of 1,000 fridges in the list and on the map (bench/dashboardRender.ts;
 * `BENCH_RENDER=0` skips them).
 *
 *   npm run bench:dashboard
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { measureDashboardRender } from './dashboardRender';

process.env.NODE_ENV = 'production';
const outDir = mkdtempSync(join(tmpdir(), 'fridge-bundle-'));
try {
  await build({
    configFile: join(process.cwd(), 'dashboard', 'vite.config.ts'),
    logLevel: 'silent',
    mode: 'production',
    build: { outDir, emptyOutDir: true },
  });
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const gzipped = (file: string) => gzipSync(readFileSync(join(outDir, file))).length;
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] as string,
  );
  const initialJs = initial.filter((f) => f.endsWith('.js'));
  const listJs = initialJs.reduce((sum, f) => sum + gzipped(f), 0);
  console.log(
    `list page, JavaScript before first render: ${kb(listJs)} KB gzipped (${initialJs.join(', ')})`,
  );
  console.log(
    `list page, CSS: ${kb(initial.filter((f) => f.endsWith('.css')).reduce((s, f) => s + gzipped(f), 0))} KB gzipped`,
  );
  for (const file of readdirSync(join(outDir, 'assets')).sort()) {
    if (initial.includes(`assets/${file}`)) continue;
    console.log(`lazy ${file.replace(/-[\w-]{8}\./, '.')}: ${kb(gzipped(`assets/${file}`))} KB gzipped`);
  }
  console.log(`service worker sw.js: ${kb(gzipped('sw.js'))} KB gzipped`);
  // The same build, served by the real server to Chromium: 1,000 fridges in the list and on the map.
  if (process.env.BENCH_RENDER !== '0') await measureDashboardRender(outDir);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
