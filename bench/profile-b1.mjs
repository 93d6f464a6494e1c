// `node bench/profile-b1.mjs [label]`: B1's load (GET /api/v1/integrations with an API key, 50
// connections) against the built app started with --cpu-prof, then the profile's top 15 frames by self
// time while the load ran written to bench/results/profile-b1-<label>.txt. SQLite unless DATABASE_URL names a MySQL
// database (which is dropped and created again). It stops the app with SIGTERM, which writes the profile.
// PROFILE=off prints CPU time per request without the profiler's cost; BASELINE=on and FLOOR=on drive the
// same load against the bare baseline and against the framework's floor (floor-server.mjs) as well.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './lib/db.mjs';
import { load } from './lib/load.mjs';
import { freePort, startProcess } from './lib/processes.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const label = process.argv[2] ?? 'latest';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const dataDir = mkdtempSync(join(tmpdir(), 'aurora-profile-'));
const profileDir = join(dataDir, 'profile');
const databaseUrl = process.env.DATABASE_URL ?? `sqlite:${join(dataDir, 'aurora.sqlite')}`;

if (databaseUrl.startsWith('mysql:')) {
  const server = new URL(databaseUrl);
  const name = server.pathname.slice(1);
  server.pathname = '/';
  const db = openDatabase(server.toString());
  await db.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await db.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await db.close();
}

/** Monotonic µs, the clock a CPU profile's timestamps use: only samples taken under load are counted. */
const microseconds = () => Number(process.hrtime.bigint() / 1000n);
const loadWindow = { start: 0, end: 0 };
const port = await freePort();
const appUrl = `http://127.0.0.1:${port}`;
const env = {
  NODE_ENV: 'development',
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  PORT: String(port),
  APP_URL: appUrl,
  SANDBOX: 'off',
  LOG_LEVEL: 'warn',
  DEMO_SEED: 'auto',
  API_KEY_RATE_LIMIT: '100000000/60s',
};
/** PROFILE=off measures CPU per request without the profiler's own cost. */
const profiling = process.env.PROFILE !== 'off';
const nodeOptions = profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
const app = await startProcess(join(ROOT, 'backend/dist/src/main.js'), env, `${appUrl}/api/v1/health`, nodeOptions);
try {
  const db = openDatabase(databaseUrl);
  const [{ id: accountId }] = await db.query('SELECT id FROM accounts LIMIT 1');
  await db.close();
  const cli = join(ROOT, 'backend/dist/src/cli.js');
  const created = execFileSync(
    process.execPath,
    [cli, 'api-key:create', '--account', accountId, '--scopes', 'integrations:read'],
    {
      env: { ...process.env, ...env },
    },
  );
  const apiKey = created.toString().trim().split('\n').at(-1);
  if (!apiKey) throw new Error('api-key:create printed no key');
  loadWindow.start = microseconds();
  const measured = await drive(`${appUrl}/api/v1/integrations`, apiKey, app.child.pid);
  loadWindow.end = microseconds();
  console.log(`app:      ${measured.text}`);
  // BASELINE=on: the bare node:http server too; FLOOR=on: the same bare work inside a minimal Nest app.
  const others = [
    { name: 'baseline', wanted: process.env.BASELINE === 'on', script: 'bench/baseline-server.mjs', path: '/' },
    { name: 'floor', wanted: process.env.FLOOR === 'on', script: 'bench/floor-server.mjs', path: '/api/v1/integrations' },
  ];
  for (const { name, wanted, script, path } of others) {
    if (!wanted) continue;
    const otherPort = await freePort();
    const url = `http://127.0.0.1:${otherPort}${path}`;
    const other = await startProcess(join(ROOT, script), { DATABASE_URL: databaseUrl, PORT: String(otherPort) }, url);
    try {
      const bare = await drive(url, apiKey, other.child.pid);
      console.log(`${`${name}:`.padEnd(10)}${bare.text}`);
      console.log(`${name} CPU ÷ app CPU per request: ${(bare.cpuPerRequest / measured.cpuPerRequest).toFixed(2)}`);
    } finally {
      await other.stop();
    }
  }
} finally {
  await app.stop();
}

/**
 * B1's load on one server; CPU time per request hardly depends on what else the machine runs, unlike req/s.
 * @param {string} url
 * @param {string} apiKey
 * @param {number | undefined} pid the server's process
 */
async function drive(url, apiKey, pid) {
  const { rps, p50, p99, cpuUs = 0 } = await load(url, apiKey, { connections: 50, seconds, pid });
  return { cpuPerRequest: cpuUs, text: `${rps} req/s, p50 ${p50} ms, p99 ${p99} ms, ${cpuUs} µs CPU per request` };
}

if (!profiling) process.exit(0);

/** @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number } }} ProfileNode */
const [file] = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('the app wrote no CPU profile');
/** @type {{ nodes: ProfileNode[], startTime: number, samples: number[], timeDeltas: number[] }} */
const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
/** Samples per node while the load ran (start-up and shut-down left out). */
const hitsById = new Map();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i];
  if (at >= loadWindow.start && at <= loadWindow.end) hitsById.set(id, (hitsById.get(id) ?? 0) + 1);
});
const total = [...hitsById.values()].reduce((sum, hits) => sum + hits, 0);
if (total === 0) throw new Error('no profile sample fell within the load');
/** Self time per function, summed over every place it was called from. */
const selfHits = new Map();
for (const { id, callFrame } of profile.nodes) {
  const where = callFrame.url
    .replace(/^file:\/\//, '')
    .replace(ROOT, '')
    .replace(/^.*node_modules\//, '');
  const frame = `${callFrame.functionName || '(anonymous)'} ${where ? `${where}:${callFrame.lineNumber + 1}` : ''}`.trim();
  selfHits.set(frame, (selfHits.get(frame) ?? 0) + (hitsById.get(id) ?? 0));
}
const idle = selfHits.get('(idle)') ?? 0;
const top = [...selfHits]
  .filter(([frame]) => frame !== '(idle)')
  .sort((a, b) => b[1] - a[1])
  .slice(0, 15);
const lines = [
  `B1 CPU profile (${label}) on ${databaseUrl.startsWith('mysql:') ? 'mysql' : 'sqlite'}, ${seconds} s, ${new Date().toISOString()}`,
  `busy ${(100 - (100 * idle) / total).toFixed(1)} % of samples; self time as % of busy samples:`,
  ...top.map(([frame, hits]) => `${((100 * hits) / (total - idle)).toFixed(1).padStart(5)} %  ${frame}`),
];
const out = join(ROOT, `bench/results/profile-b1-${label}.txt`);
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
