/**
 * The browser tests need apps/web/dist: `npm run build` makes it, and `npm test` starts with `tsc -b`
 * only, so the tests build it again when it is missing or older than any source it is made from.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB = fileURLToPath(new URL('../', import.meta.url));
const ROOT = join(WEB, '../..');
const SOURCES = [
  join(WEB, 'src'),
  join(WEB, 'index.html'),
  join(WEB, 'vite.config.ts'),
  join(WEB, 'package.json'),
  join(ROOT, 'packages/core/dist'),
  join(ROOT, 'packages/formats/dist'),
  join(ROOT, 'packages/editor/dist'),
  join(ROOT, 'packages/metrics/dist'),
];

function newest(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

/** Builds the web app unless dist/index.html is newer than all its sources; says which it did. */
export function ensureWebBuilt(): 'built' | 'fresh' {
  const built = newest(join(WEB, 'dist/index.html'));
  if (built > 0 && built >= Math.max(...SOURCES.map(newest))) return 'fresh';
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: WEB,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 180_000,
  });
  return 'built';
}
