// Builds a workspace only when its sources are newer than its last build, so `npm start` is fast
// on the second run and never serves stale code after a change.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFiles, ROOT, run } from './lib.mjs';

/** @param {string[]} paths */
function newestSource(paths) {
  return Math.max(
    0,
    ...paths.flatMap((path) => {
      const full = join(ROOT, path);
      if (!existsSync(full)) return [];
      return statSync(full).isDirectory() ? findFiles(full, '').map((f) => statSync(f).mtimeMs) : [statSync(full).mtimeMs];
    }),
  );
}

/**
 * @param {string} name workspace
 * @param {string[]} sources files and folders whose changes call for a build
 * @param {string} stamp file written after a successful build
 */
async function ensure(name, sources, stamp) {
  const stampPath = join(ROOT, stamp);
  if (existsSync(stampPath) && statSync(stampPath).mtimeMs >= newestSource(sources)) return;
  console.log(`Building ${name}…`);
  if ((await run('npm', ['run', 'build', '-w', name])) !== 0) process.exit(1);
  writeFileSync(stampPath, new Date().toISOString());
}

await ensure(
  'frontend',
  ['frontend/src', 'frontend/index.html', 'frontend/vite.config.mts', 'frontend/build', 'frontend/public'],
  'frontend/dist/.built',
);
await ensure('backend', ['backend/src', 'backend/tsconfig.json', 'backend/assets'], 'backend/dist/.built');
