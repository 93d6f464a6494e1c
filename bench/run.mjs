// `npm run bench`: B1–B6 against the built app (MySQL when DATABASE_URL is set, else SQLite), each
// next to a baseline measured in the same run. Results: printed table + bench/results/latest.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { openDatabase } from './lib/db.mjs';
import { freePort, percentile, startProcess } from './lib/processes.mjs';
import { runConnectRoundTrips } from './scenarios/connect-round-trip.mjs';
import { runLeadIngestion } from './scenarios/lead-ingestion.mjs';
import { seedConnections } from './scenarios/seed.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const MAIN = join(ROOT, 'backend/dist/src/main.js');
const CLI = join(ROOT, 'backend/dist/src/cli.js');
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const dataDir = mkdtempSync(join(tmpdir(), 'aurora-bench-'));
const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${join(dataDir, 'aurora.sqlite')}`;
const appPort = await freePort();
const sandboxPort = await freePort();
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
  LOG_LEVEL: 'warn',
  DEMO_SEED: 'auto',
  LOGIN_FAILURES_PER_IP: '100000',
  // B3 times webhook delivery alone; the backfill poll would import the same leads behind its back.
  FACEBOOK_BACKFILL_INTERVAL_SECONDS: '0',
};

if (databaseUrl.startsWith('mysql:')) {
  // A clean database each run, so B4's row counts are exact.
  const server = new URL(databaseUrl);
  const name = server.pathname.slice(1);
  server.pathname = '/';
  const db = openDatabase(server.toString());
  await db.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await db.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await db.close();
}

const results = {
  machine: `${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  database: databaseUrl.split(':')[0],
  at: new Date().toISOString(),
};
const rows = [];
const row = (id, metric, value, baseline = '', note = '') => rows.push({ id, metric, value, baseline, note });

console.log(`Benchmarking on ${results.database} (${results.machine})`);
const app = await startProcess(MAIN, env, `${appUrl}/api/v1/health`);
results.rssAfterStartMb = app.rssMb();

const accountId = (await openDatabase(databaseUrl).query('SELECT id FROM accounts LIMIT 1'))[0].id;
const apiKey = execFileSync(process.execPath, [CLI, 'api-key:create', '--account', accountId, '--scopes', 'integrations:read'], {
  env: { ...process.env, ...env },
})
  .toString()
  .trim()
  .split('\n')
  .pop();

async function load(url, seconds = LOAD_SECONDS) {
  const result = await autocannon({ url, connections: 50, duration: seconds, headers: { authorization: `Bearer ${apiKey}` } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
  };
}

console.log('B2 connect round trips…');
const b2 = await runConnectRoundTrips({ appUrl, flows: 200 });
row(
  'B2',
  'connect round trip, median',
  `${b2.median.toFixed(1)} ms`,
  '',
  `p95 ${b2.p95.toFixed(1)} ms; server share median ${b2.serverMedian.toFixed(1)} ms (${b2.flows} flows)`,
);

console.log('B1 status reads…');
const baselinePort = await freePort();
const baseline = await startProcess(
  join(ROOT, 'bench/baseline-server.mjs'),
  { DATABASE_URL: databaseUrl, PORT: String(baselinePort) },
  `http://127.0.0.1:${baselinePort}/`,
);
const b1 = await load(`${appUrl}/api/v1/integrations`);
const b1Base = await load(`http://127.0.0.1:${baselinePort}/`);
await baseline.stop();
row(
  'B1',
  'GET /integrations (API key), 50 conns',
  `${b1.rps} req/s`,
  `${b1Base.rps} req/s`,
  `app/baseline ${(b1.rps / b1Base.rps).toFixed(2)}; p50 ${b1.p50} ms vs ${b1Base.p50} ms; p99 ${b1.p99} ms vs ${b1Base.p99} ms`,
);
results.rssAfterB1Mb = app.rssMb();

console.log('B3 lead ingestion…');
const b3 = await runLeadIngestion({ appUrl, sandboxUrl: env.SANDBOX_URL, appSecret: 'sandbox-client-secret', databaseUrl });
if (b3.contacts !== b3.leads) throw new Error(`B3: ${b3.contacts} contacts for ${b3.leads} leads`);
row(
  'B3',
  `${b3.leads} signed webhooks, 50 in flight`,
  `${Math.round(b3.leadsPerSecond)} leads/s`,
  '',
  `${b3.contacts} contacts exactly; statuses ${JSON.stringify(b3.statuses)}; ${b3.seconds.toFixed(1)} s`,
);

console.log('B4 scale…');
const scale = {};
for (const target of [1_000, 1_000_000]) {
  const seeded = await seedConnections(databaseUrl, target);
  scale[target] = await load(`${appUrl}/api/v1/integrations`, Math.min(LOAD_SECONDS, 5));
  console.log(`  ${target} rows (seeded in ${seeded.seconds.toFixed(1)} s): p50 ${scale[target].p50} ms`);
}
row(
  'B4',
  'p50 at 1,000 → 1,000,000 connections',
  `${scale[1_000].p50} → ${scale[1_000_000].p50} ms`,
  '',
  `ratio ${(scale[1_000_000].p50 / Math.max(scale[1_000].p50, 0.01)).toFixed(2)}; req/s ${scale[1_000].rps} → ${scale[1_000_000].rps}`,
);

console.log('B5 frontend…');
const dist = join(ROOT, 'frontend/dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const gz = (ext) => assets.filter((a) => a.endsWith(ext)).reduce((n, a) => n + gzipSync(readFileSync(join(dist, a))).length, 0);
row(
  'B5',
  'JS + CSS for /integrations and /integrations/:key (gzip)',
  `${(gz('.js') / 1024).toFixed(1)} kB JS + ${(gz('.css') / 1024).toFixed(1)} kB CSS`,
  '',
  'one bundle serves both routes',
);

row('B6', 'RSS after start-up → after B1', `${results.rssAfterStartMb.toFixed(0)} → ${results.rssAfterB1Mb.toFixed(0)} MB`);
await app.stop();

results.rows = rows;
writeFileSync(join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${results.database} · ${results.machine}\n`);
console.table(rows);
