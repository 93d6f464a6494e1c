import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
/** @typedef {{ passed: number, failed: number, skipped?: number }} SuiteResult what one suite reports to `npm test` */

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Runs a command with inherited output; resolves with its exit code (1 when killed by a signal).
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {Promise<number>}
 */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * @param {string} dir
 * @param {string} suffix
 * @returns {string[]}
 */
export function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : findFiles(path, suffix);
    return path.endsWith(suffix) ? [path] : [];
  });
}

/**
 * Reads `# pass N` / `# fail N` from a TAP file written by node's test runner.
 * @param {string} file
 * @returns {SuiteResult}
 */
export function tapCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const tap = readFileSync(file, 'utf8');
  const count = (/** @type {string} */ name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') };
}

/**
 * @param {string} url
 * @returns {Promise<true | Error & { code?: string }>}
 */
export async function mysqlReachable(url) {
  const { createConnection } = await import(join(ROOT, 'node_modules/mysql2/promise.js'));
  const server = new URL(url);
  server.pathname = '/';
  try {
    const connection = await createConnection({ uri: server.toString(), connectTimeout: 3000 });
    await connection.end();
    return true;
  } catch (error) {
    return /** @type {Error & { code?: string }} */ (error);
  }
}

/**
 * A suite that cannot run: one loud line locally, a failure in CI (where everything must be there).
 * @param {string} suite
 * @param {string} reason
 * @returns {SuiteResult}
 */
export function unavailable(suite, reason) {
  const line = `${IN_CI ? 'FAILED' : 'SKIPPED'}: ${suite} — ${reason}`;
  console.log(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  return IN_CI ? { passed: 0, failed: 1, skipped: 0 } : { passed: 0, failed: 0, skipped: 1 };
}
