// Backend suites: unit specs once, API suites once on SQLite and once on MySQL (DESIGN §2).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findFiles, mysqlReachable, ROOT, run, tapCounts, unavailable } from './lib.mjs';

const backend = join(ROOT, 'backend');
const reports = join(backend, 'dist', 'test-reports');
const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/aurora_test';

/**
 * @param {string} label
 * @param {string[]} files
 * @param {Record<string, string>} env
 */
async function nodeTests(label, files, env) {
  console.log(`\n=== backend: ${label} (${files.length} files)`);
  const tap = join(reports, `${label.replace(/\W+/g, '-')}.tap`);
  const code = await run(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-timeout=120000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { cwd: backend, env: { ...process.env, ...env } },
  );
  const counts = tapCounts(tap);
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(`=== backend: ${label}: ${counts.passed} passed, ${counts.failed} failed`);
  return counts;
}

/** Patterns of every secret the sandbox issues (codes, access, refresh and page tokens). */
const SECRET_PATTERN = /sbx_(ac|at|rt|pt)_[A-Za-z0-9_-]{8,}/;

/**
 * The API suites run with request logging on (debug) into one file per database; afterwards the file
 * must be substantial and must not contain a single token the sandbox issued.
 * @param {string} label
 * @param {string} file
 */
function scanLogs(label, file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const lines = text.split('\n').filter(Boolean);
  const leaks = lines.filter((line) => SECRET_PATTERN.test(line));
  const callbacks = lines.filter((line) => line.includes('/callback?')).length;
  const ok = lines.length > 100 && callbacks > 0 && leaks.length === 0;
  console.log(
    `=== backend: ${label}: ${lines.length} log lines, ${callbacks} OAuth callbacks logged, ${leaks.length} containing a token — ${ok ? 'ok' : 'FAILED'}`,
  );
  for (const leak of leaks.slice(0, 3)) console.log(`    leaked: ${leak.slice(0, 300)}`);
  return { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
}

export async function testBackend() {
  if ((await run('npx', ['tsc', '-p', 'backend/tsconfig.json'])) !== 0) return [{ passed: 0, failed: 1 }];
  mkdirSync(reports, { recursive: true });
  const dist = join(backend, 'dist');
  const unit = findFiles(join(dist, 'src'), '.spec.js');
  const api = findFiles(join(dist, 'test'), '.spec.js');
  /** @type {import('./lib.mjs').SuiteResult[]} */
  const results = [];
  results.push(await nodeTests('unit', unit, {}));
  const sqliteLog = join(reports, 'api-sqlite.log');
  rmSync(sqliteLog, { force: true });
  results.push(await nodeTests('api on SQLite', api, { TEST_DB: 'sqlite', TEST_LOG_LEVEL: 'debug', LOG_FILE: sqliteLog }));
  results.push(scanLogs("no secrets in the SQLite run's logs", sqliteLog));
  const mysql = await mysqlReachable(TEST_MYSQL_URL);
  if (mysql === true) {
    const mysqlLog = join(reports, 'api-mysql.log');
    rmSync(mysqlLog, { force: true });
    results.push(
      await nodeTests('api on MySQL', api, { TEST_DB: 'mysql', TEST_MYSQL_URL, TEST_LOG_LEVEL: 'debug', LOG_FILE: mysqlLog }),
    );
    results.push(scanLogs("no secrets in the MySQL run's logs", mysqlLog));
  } else {
    results.push(
      unavailable(
        'backend API suite on MySQL',
        `cannot reach ${TEST_MYSQL_URL} (${mysql.code ?? mysql.message}); set TEST_MYSQL_URL or start MariaDB`,
      ),
    );
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await testBackend();
  const failed = results.reduce((n, r) => n + r.failed, 0);
  process.exit(failed === 0 ? 0 : 1);
}
