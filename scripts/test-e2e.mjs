// Browser suite: playwright-core drives Debian's Chromium against the built app (e2e/).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findFiles, mysqlReachable, ROOT, run, tapCounts, unavailable } from './lib.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/aurora_test';

/**
 * @param {string} label
 * @param {Record<string, string>} env
 */
async function pass(label, env) {
  const files = findFiles(join(ROOT, 'e2e'), '.e2e.mjs');
  console.log(`\n=== e2e: ${label} (${files.length} files)`);
  const started = Date.now();
  mkdirSync(join(ROOT, 'e2e/artifacts'), { recursive: true });
  const tap = join(ROOT, 'e2e/artifacts', `${label.replace(/\W+/g, '-')}.tap`);
  const code = await run(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-timeout=180000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { env: { ...process.env, ...env } },
  );
  const counts = tapCounts(tap);
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(
    `=== e2e: ${label}: ${counts.passed} passed, ${counts.failed} failed in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return counts;
}

export async function testE2e() {
  if (findFiles(join(ROOT, 'e2e'), '.e2e.mjs').length === 0) return [];
  if (!existsSync(CHROMIUM)) return [unavailable('browser e2e suite', `no Chromium at ${CHROMIUM} (apt-get install chromium)`)];
  if ((await run(process.execPath, [join(ROOT, 'scripts/ensure-built.mjs')])) !== 0) return [{ passed: 0, failed: 1 }];
  const results = [await pass('on SQLite', { E2E_DB: 'sqlite' })];
  if ((await mysqlReachable(TEST_MYSQL_URL)) === true) {
    results.push(await pass('on MySQL', { E2E_DB: 'mysql', TEST_MYSQL_URL }));
  } else {
    results.push(unavailable('browser e2e suite on MySQL', `cannot reach ${TEST_MYSQL_URL}`));
  }
  return results;
}

// `node scripts/test-e2e.mjs`: just the browser suite (both databases), with its own totals and exit code.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const results = await testE2e();
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`\ne2e finished in ${Math.round((Date.now() - started) / 1000)} s: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
