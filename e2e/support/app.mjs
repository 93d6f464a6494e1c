// Starts the product the way `npm start` runs it — `node backend/dist/src/main.js` from the repository
// root, serving the built SPA at `/`, the API at `/api/v1` and the sandbox provider on its own port —
// against a fresh database: SQLite in a temporary DATA_DIR (E2E_DB=sqlite, the default) or a freshly
// re-created MySQL database `<test database>_e2e` on the TEST_MYSQL_URL server (E2E_DB=mysql).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const E2E_DB = process.env.E2E_DB ?? 'sqlite';
const require = createRequire(import.meta.url);

const MAIN = join(ROOT, 'backend/dist/src/main.js');
const CLI = join(ROOT, 'backend/dist/src/cli.js');

const START_TIMEOUT_MS = 30_000;

/**
 * A port nobody listens on right now (the OS picks it).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * mysql://user:pass@host:port/<db>_e2e on the server of TEST_MYSQL_URL, dropped and created empty. Named
 * after the test database so two checkouts with their own TEST_MYSQL_URL never share one.
 */
async function freshMysqlDatabase() {
  const server = new URL(process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/aurora_test');
  const E2E_DATABASE = `${server.pathname.slice(1) || 'aurora_test'}_e2e`;
  server.pathname = '/';
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection({ uri: server.toString(), connectTimeout: 5000 });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${E2E_DATABASE}\``);
    await connection.query(`CREATE DATABASE \`${E2E_DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  server.pathname = `/${E2E_DATABASE}`;
  return server.toString();
}

/**
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} child
 * @param {() => string} output what the app printed, for the error message
 */
async function waitForHealth(url, child, output) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The app exited (code ${child.exitCode ?? child.signalCode}) before it was healthy:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`The app did not answer GET /api/v1/health with 200 within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/**
 * @typedef {Awaited<ReturnType<typeof startApp>>} App a running app, its sandbox and how to stop them
 */

/**
 * @param {{ coop?: boolean }} [options] coop: the sandbox sends Cross-Origin-Opener-Policy: same-origin.
 */
export async function startApp({ coop = false } = {}) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`node scripts/ensure-built.mjs\` (the e2e runner does).`);
  const port = await freePort();
  let sandboxPort = await freePort();
  while (sandboxPort === port) sandboxPort = await freePort();
  const url = `http://localhost:${port}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'aurora-e2e-'));

  /** @type {NodeJS.ProcessEnv} */
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: process.env.TZ ?? 'UTC',
    PORT: String(port),
    APP_URL: url,
    SANDBOX: 'on',
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_URL: sandboxUrl,
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    DEMO_SEED: 'auto',
    LOG_LEVEL: 'warn',
    ...(coop ? { SANDBOX_COOP: '1' } : {}),
  };
  if (E2E_DB === 'mysql') env.DATABASE_URL = await freshMysqlDatabase();
  else if (E2E_DB !== 'sqlite') throw new Error(`E2E_DB must be sqlite or mysql, not ${E2E_DB}`);

  /** @type {string[]} */
  const chunks = [];
  const output = () => chunks.join('').slice(-20_000);
  let child = spawnApp(env, chunks);

  /** Ends the process (SIGTERM, as Ctrl-C would) and waits for it; DATA_DIR and the database stay. */
  async function terminate() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }

  async function stop() {
    await terminate();
    rmSync(dataDir, { recursive: true, force: true });
  }

  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    sandboxUrl,
    db: E2E_DB,
    /** Where its data lives: MySQL's URL, or the SQLite file. */
    database: env.DATABASE_URL ?? `sqlite:${join(dataDir, 'aurora.sqlite')}`,
    /** Everything the app printed so far (for failure artifacts). */
    output,
    stop,
    /** Stops the process and starts it again on the same ports, DATA_DIR and database, like re-running `npm start`. */
    restart: async () => {
      await terminate();
      chunks.push('[e2e] restart\n');
      child = spawnApp(env, chunks);
      await waitForHealth(url, child, output);
    },
    sandbox: sandboxControls(sandboxUrl),
    /** Runs `npm run cli -- …args` against this app's database; resolves with what it printed. */
    cli: (/** @type {string[]} */ ...args) => runCli(env, args),
  };
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string[]} chunks collects what the process prints
 */
function spawnApp(env, chunks) {
  const child = spawn(process.execPath, ['--enable-source-maps', MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (/** @type {string} */ stream) => (/** @type {Buffer} */ chunk) => chunks.push(`[${stream}] ${chunk}`);
  child.stdout.on('data', keep('stdout'));
  child.stderr.on('data', keep('stderr'));
  return child;
}

/**
 * @param {Record<string, string | undefined>} env the app's environment
 * @param {string[]} args
 * @returns {Promise<string>} what the command printed
 */
function runCli(env, args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`cli ${args[0]} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * The sandbox's control API (DESIGN §7), for scenarios that switch faults or create leads.
 * @param {string} base the sandbox's origin
 */
function sandboxControls(base) {
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body] sent as JSON
   * @returns {Promise<unknown>} the parsed JSON answer, or null for an empty one
   */
  async function call(method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }
  return {
    reset: () => call('POST', '/control/reset'),
    log: () => call('GET', '/control/log'),
    /** @param {{providerKey: string, endpoint: 'token'|'revoke'|'me', mode: 'ok'|'down'|'hang'}} fault */
    fault: (fault) => call('POST', '/control/faults', fault),
    /** @param {{providerKey: string, method: string, error: string | null, times?: number}} error the next calls of an API method fail */
    apiError: (error) => call('POST', '/control/api-errors', error),
    /** Facebook's long-lived user tokens reach their ~60 days; page tokens keep working. */
    ageFacebookUserTokens: async () =>
      /** @type {{ aged: number }} */ (await call('POST', '/control/facebook/age-user-tokens', {})),
    /** @param {{pageId: string, formId: string, fieldData: {name: string, values: string[]}[], deliver?: boolean}} lead */
    facebookLead: async (lead) =>
      /** @type {{ leadId: string, webhookStatus: number | null }} */ (await call('POST', '/control/facebook/leads', lead)),
  };
}
