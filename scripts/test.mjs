// `npm test`: every suite — backend unit, API on SQLite and MySQL, frontend, browser e2e — then one
// closing line with the totals.
import { join } from 'node:path';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { findFiles, ROOT, run, tapCounts } from './lib.mjs';
import { testBackend } from './test-backend.mjs';
import { testE2e } from './test-e2e.mjs';

/** @type {import('./lib.mjs').SuiteResult[]} */
const results = [];
const started = Date.now();
results.push(...(await testBackend()));

console.log('\n=== scripts: the lint checks themselves');
mkdirSync(join(ROOT, 'backend/dist/test-reports'), { recursive: true });
const scriptsTap = join(ROOT, 'backend/dist/test-reports/scripts.tap');
const scriptsCode = await run(process.execPath, [
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${scriptsTap}`,
  ...findFiles(join(ROOT, 'scripts'), '.test.mjs'),
]);
const scriptsCounts = tapCounts(scriptsTap);
if (scriptsCode !== 0 && scriptsCounts.failed === 0) scriptsCounts.failed = 1;
results.push(scriptsCounts);

console.log('\n=== api types: frontend/src/api/schema.d.ts against the OpenAPI document');
const typesCode = await run(process.execPath, [join(ROOT, 'scripts/api-types.mjs'), '--check']);
results.push({ passed: typesCode === 0 ? 1 : 0, failed: typesCode === 0 ? 0 : 1 });

console.log('\n=== frontend (jest)');
mkdirSync(join(ROOT, 'frontend/dist'), { recursive: true });
const jestReport = join(ROOT, 'frontend/dist/jest-report.json');
const jestCode = await run('npx', ['jest', '--ci', '--json', `--outputFile=${jestReport}`], { cwd: join(ROOT, 'frontend') });
if (existsSync(jestReport)) {
  const report = JSON.parse(readFileSync(jestReport, 'utf8'));
  results.push({
    passed: report.numPassedTests,
    failed: report.numFailedTests + (jestCode !== 0 && report.numFailedTests === 0 ? 1 : 0),
  });
} else {
  results.push({ passed: 0, failed: 1 });
}

results.push(...(await testE2e()));

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + (r.skipped ?? 0), 0);
console.log(`\nAll suites finished in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
