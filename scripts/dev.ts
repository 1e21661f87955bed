import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildDashboard, projectRoot } from './build';

/**
 * `npm run dev`: the server from TypeScript sources, restarted on change (tsx watch), and the
 * dashboard rebuilt on change (vite build --watch). `npm start` runs the compiled build instead.
 */
await buildDashboard();
const bin = (name: string) => join(projectRoot, 'node_modules', '.bin', name);
const children = [
  spawn(bin('vite'), ['build', '--watch', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: 'inherit',
  }),
  spawn(bin('tsx'), ['watch', 'server/main.ts'], { cwd: projectRoot, stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
