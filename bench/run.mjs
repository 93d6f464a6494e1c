// `npm run bench`: B1–B8 against the built app (MySQL when DATABASE_URL is set, else SQLite), each
// next to a baseline measured in the same run. Results: printed table, bench/results/latest.json (kept
// per database) and the README's performance table. A failing scenario fails the run, naming it.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './lib/db.mjs';
import { frontendWeight } from './lib/frontend-weight.mjs';
import { updateReadme } from './lib/readme.mjs';
import { alternate, load as loadWith } from './lib/load.mjs';
import { freePort, startProcess } from './lib/processes.mjs';
import { saveRun, summaryRows } from './lib/results.mjs';
import { runConnectRoundTrips } from './scenarios/connect-round-trip.mjs';
import { runEventFanOut } from './scenarios/event-fan-out.mjs';
import { runWebhookFanOut } from './scenarios/webhook-fan-out.mjs';
import { runLeadIngestion } from './scenarios/lead-ingestion.mjs';
import { runProxyOverhead } from './scenarios/proxy-overhead.mjs';
import { PER_ACCOUNT, seedConnections } from './scenarios/seed.mjs';
import { readsDuringSweep, seedExpiredSessions } from './scenarios/sweep.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const MAIN = join(ROOT, 'backend/dist/src/main.js');
const CLI = join(ROOT, 'backend/dist/src/cli.js');
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
/** B1 measures the app and the baseline in this many alternating turns each. */
const B1_ROUNDS = 4;
const EXPIRED_SESSIONS = 200_000;
/** BENCH_ONLY=B8 (comma-separated ids) runs just those and prints them; only a full run is saved. */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((id) => id.trim())) : null;

const dataDir = mkdtempSync(join(tmpdir(), 'aurora-bench-'));
const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${join(dataDir, 'aurora.sqlite')}`;
const kind = databaseUrl.startsWith('mysql:') ? 'mysql' : 'sqlite';

/** Names the scenario in the error, so a failed run says which one broke. */
class ScenarioError extends Error {
  /**
   * @param {string} id
   * @param {unknown} cause
   */
  constructor(id, cause) {
    super(`${id}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * @template T
 * @param {string} id
 * @param {string} title
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
async function scenario(id, title, work) {
  // Only a BENCH_ONLY run skips scenarios, and it prints just the ones it ran, never the missing ones.
  if (ONLY && !ONLY.has(id)) return /** @type {T} */ (undefined);
  console.log(`${id} ${title}…`);
  try {
    return await work();
  } catch (error) {
    throw new ScenarioError(id, error);
  }
}

/** A clean MySQL database each run, so B4's row counts are exact; returns the server's name and version. */
async function prepareDatabase() {
  if (kind === 'sqlite') {
    const db = openDatabase(databaseUrl);
    const [{ version }] = await db.query('SELECT sqlite_version() AS version');
    await db.close();
    return version;
  }
  const server = new URL(databaseUrl);
  const name = server.pathname.slice(1);
  server.pathname = '/';
  const db = openDatabase(server.toString());
  try {
    await db.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await db.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [{ version }] = await db.query('SELECT VERSION() AS version');
    const [number] = version.split('-');
    return version.includes('MariaDB') ? `MariaDB ${number}` : `MySQL ${number}`;
  } finally {
    await db.close();
  }
}

async function firstAccountId() {
  const db = openDatabase(databaseUrl);
  try {
    return (await db.query('SELECT id FROM accounts LIMIT 1'))[0].id;
  } finally {
    await db.close();
  }
}

/**
 * B1's load (CONNECTIONS connections with the key) for LOAD_SECONDS unless told otherwise.
 * @param {string} url
 * @param {string} apiKey
 * @param {number | undefined} [pid] the server's process: its CPU time per request is measured too
 */
const load = (url, apiKey, seconds = LOAD_SECONDS, pid = undefined) =>
  loadWith(url, apiKey, { connections: CONNECTIONS, seconds, pid });

/**
 * Every scenario in order; `stopLater` collects what must be stopped however the run ends.
 * @param {{ stop: () => Promise<unknown> }[]} stopLater
 * @returns {Promise<import('./lib/results.mjs').BenchRun>}
 */
async function measure(stopLater) {
  const started = performance.now();
  const server = await prepareDatabase();
  const [appPort, sandboxPort, baselinePort] = [await freePort(), await freePort(), await freePort()];
  const appUrl = `http://127.0.0.1:${appPort}`;
  const env = {
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    PORT: String(appPort),
    APP_URL: appUrl,
    SANDBOX: 'on',
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
    // B3 signs webhooks as Facebook would, so it needs the secret the sandbox and the app share.
    SANDBOX_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'auto',
    LOGIN_FAILURES_PER_IP: '100000',
    // B3 times the webhooks and the inbox workers; the backfill poll would import the same leads behind their back.
    FACEBOOK_BACKFILL_INTERVAL_SECONDS: '0',
    // Every key request is still counted (the upsert is part of what B1 measures), but never refused.
    // API_KEY_RATE_LIMIT=off npm run bench measures B1 without the limiter.
    API_KEY_RATE_LIMIT: process.env.API_KEY_RATE_LIMIT ?? '100000000/60s',
    // B4 measures reads while housekeeping sweeps: every second here, so it starts right after the seeding.
    HOUSEKEEPING_INTERVAL_SECONDS: '1',
  };
  const app = await startProcess(MAIN, env, `${appUrl}/api/v1/health`);
  stopLater.push(app);
  const startMb = app.rssMb();
  const apiKey = execFileSync(
    process.execPath,
    [CLI, 'api-key:create', '--account', await firstAccountId(), '--scopes', 'integrations:read'],
    { env: { ...process.env, ...env } },
  )
    .toString()
    .trim()
    .split('\n')
    .at(-1);
  if (!apiKey) throw new Error('api-key:create printed no key');

  const b2 = await scenario('B2', 'connect round trips', async () => {
    const { browser: _signedIn, ...figures } = await runConnectRoundTrips({ appUrl, flows: 200 });
    return figures;
  });
  const b1 = await scenario('B1', 'status reads', async () => {
    // The bare node:http baseline, and the same bare work inside a minimal Nest app: the framework's floor.
    const start = async (/** @type {string} */ script, /** @type {number} */ port, /** @type {string} */ path) => {
      const url = `http://127.0.0.1:${port}${path}`;
      const server = await startProcess(join(ROOT, script), { DATABASE_URL: databaseUrl, PORT: String(port) }, url);
      stopLater.push(server);
      return { server, url };
    };
    const baseline = await start('bench/baseline-server.mjs', baselinePort, '/');
    const floor = await start('bench/floor-server.mjs', await freePort(), '/api/v1/integrations');
    const turn = (/** @type {string} */ url, /** @type {number | undefined} */ pid) => () =>
      load(url, apiKey, LOAD_SECONDS / B1_ROUNDS, pid);
    const sides = await alternate(B1_ROUNDS, {
      app: turn(`${appUrl}/api/v1/integrations`, app.child.pid),
      baseline: turn(baseline.url, baseline.server.child.pid),
      floor: turn(floor.url, floor.server.child.pid),
    });
    await Promise.all([baseline.server.stop(), floor.server.stop()]);
    return { connections: CONNECTIONS, seconds: LOAD_SECONDS, ...sides };
  });
  const afterB1Mb = app.rssMb();
  // Throws unless every lead became exactly one contact.
  const b3 = await scenario('B3', 'lead ingestion', () =>
    runLeadIngestion({ appUrl, sandboxUrl: env.SANDBOX_URL, appSecret: env.SANDBOX_CLIENT_SECRET, databaseUrl }),
  );
  const b4 = await scenario('B4', 'scale', async () => {
    const sizes = [];
    for (const rows of [1_000, 1_000_000]) {
      const seeded = await seedConnections(databaseUrl, rows);
      const { p50, rps } = await load(`${appUrl}/api/v1/integrations`, apiKey, Math.min(LOAD_SECONDS, 5));
      console.log(`  ${rows} rows (seeded in ${seeded.seconds.toFixed(1)} s): p50 ${p50} ms`);
      sizes.push({ rows, accounts: rows / PER_ACCOUNT, p50, rps, seedSeconds: seeded.seconds });
    }
    return sizes;
  });
  const b4sweep = await scenario('B4', 'reads during a housekeeping sweep', async () => {
    const reads = () => load(`${appUrl}/api/v1/integrations`, apiKey, Math.min(LOAD_SECONDS, 5));
    // Right before and right after the sweep, so a change in the machine's load between B4's sizes and
    // the sweep does not pass for the sweep's effect.
    const before = await reads();
    await seedExpiredSessions(databaseUrl, EXPIRED_SESSIONS);
    const result = await readsDuringSweep({ databaseUrl, rows: EXPIRED_SESSIONS, load: reads });
    const after = await reads();
    console.log(
      `  p50 ${before.p50} ms before, ${result.p50} ms while sweeping ${EXPIRED_SESSIONS} expired sessions ` +
        `(${result.sweepSeconds.toFixed(1)} s), ${after.p50} ms after`,
    );
    return { ...result, before, after };
  });
  const b5 = await scenario('B5', 'frontend weight', async () => frontendWeight(join(ROOT, 'frontend/dist')));
  const b7 = await scenario('B7', 'proxy overhead', () =>
    runProxyOverhead({ appUrl, sandboxUrl: env.SANDBOX_URL, seconds: LOAD_SECONDS }),
  );
  const b8 = await scenario('B8', 'event fan-out', async () => {
    const options = { appUrl, databaseUrl, accountId: await firstAccountId() };
    return { ...(await runEventFanOut(options)), webhooks: await runWebhookFanOut(options) };
  });
  await app.stop();
  return {
    kind,
    server,
    machine: `${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    at: new Date().toISOString(),
    seconds: (performance.now() - started) / 1000,
    b1,
    b2,
    b3,
    b4,
    b4sweep,
    b5,
    b6: { startMb, afterB1Mb },
    b7,
    b8,
  };
}

console.log(`Benchmarking on ${kind}`);
/** @type {{ stop: () => Promise<unknown> }[]} */
const stopLater = [];
try {
  const run = await measure(stopLater);
  if (ONLY) {
    console.log(
      JSON.stringify(
        Object.fromEntries(
          Object.entries(run).filter(([name, figures]) => figures !== undefined && ONLY.has(name.slice(0, 2).toUpperCase())),
        ),
        null,
        2,
      ),
    );
  } else {
    saveRun(run);
    await updateReadme();
    console.log(`\n${run.server} · ${run.machine}\n`);
    console.table(summaryRows(run));
  }
} catch (error) {
  console.error(
    `\nBench failed — ${error instanceof ScenarioError ? error.message : `start-up: ${error instanceof Error ? error.stack : String(error)}`}`,
  );
  process.exitCode = 1;
} finally {
  await Promise.all(stopLater.map((child) => child.stop()));
}

// Everything is closed now, so the process ends by itself. Should a handle stay open, say which and fail.
setTimeout(() => {
  console.error(`Bench finished but did not exit; still open: ${process.getActiveResourcesInfo().join(', ')}`);
  process.exit(1);
}, 10_000).unref();
