// bench/results/latest.json keeps the latest run per database ({"sqlite": {...}, "mysql": {...}}), so a
// MySQL run never erases the SQLite figures. Each run stores raw numbers; text is made from them here.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * @typedef {{ rps: number, p50: number, p99: number, cpuUs?: number }} Load cpuUs: the server's CPU µs per request
 * @typedef {{ jsKb: number, cssKb: number, files: number }} Weight gzip kB of the JS and CSS files one route loads
 * @typedef {{
 *   kind: string, server: string, machine: string, at: string, seconds: number,
 *   b1: { connections: number, seconds: number, app: Load, baseline: Load, floor?: Load },
 *   b2: { flows: number, median: number, p95: number, serverMedian: number },
 *   b3: { leads: number, contacts: number, leadsPerSecond?: number, batch?: number, lost?: number, duplicated?: number,
 *         intake?: { seconds: number, changesPerSecond: number, p50Ms?: number, maxMs?: number },
 *         endToEnd?: { seconds: number, leadsPerSecond: number } },
 *   b4: { rows: number, accounts: number, p50: number }[],
 *   b4sweep?: Load & { sweptRows: number, sweepSeconds: number, leftWhenLoadEnded: number, before?: Load, after?: Load },
 *   b5: { catalog: Weight, detail: Weight, leadAds: Weight },
 *   b6: { startMb: number, afterB1Mb: number },
 *   b7?: { seconds: number, path: string, proxied: Load, direct: Load },
 *   b8?: { streams: number, burst: number, eventsPerSecond: number, appendedPerSecond: number,
 *          deliveriesPerSecond: number, paced: number, p50: number, p99: number,
 *          webhooks?: { burst: number, eventsPerSecond: number, paced: number, p50: number, p99: number } },
 * }} BenchRun one `npm run bench` on one database, as latest.json keeps it
 * @typedef {Partial<Record<string, BenchRun>>} Results the latest run per database
 */

export const LATEST = new URL('../results/latest.json', import.meta.url).pathname;
export const DATABASES = ['sqlite', 'mysql'];

/** @returns {Results} */
export function loadResults() {
  if (!existsSync(LATEST)) return {};
  const saved = JSON.parse(readFileSync(LATEST, 'utf8'));
  // A file from before results were kept per database holds one flat run, and a run from before B5
  // weighed each route lacks its figures: nothing to keep from either.
  return Object.fromEntries(DATABASES.filter((db) => saved[db]?.b1 && saved[db].b5?.catalog).map((db) => [db, saved[db]]));
}

/** @param {BenchRun} run */
export function saveRun(run) {
  /** @type {Results} */
  const results = { ...loadResults(), [run.kind]: run };
  const ordered = Object.fromEntries(DATABASES.filter((db) => results[db]).map((db) => [db, results[db]]));
  writeFileSync(LATEST, `${JSON.stringify(ordered, null, 2)}\n`);
  return ordered;
}

const n = (/** @type {number} */ value, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * A run from before the reads around the sweep were measured compares with B4's largest size instead.
 * @param {NonNullable<BenchRun['b4sweep']>} sweep
 * @param {number} largeP50
 */
const sweepValue = (sweep, largeP50) =>
  sweep.before && sweep.after
    ? `${sweep.before.p50} → ${sweep.p50} → ${sweep.after.p50} ms (sweep ${n(sweep.sweepSeconds, 1)} s)`
    : `${largeP50} → ${sweep.p50} ms (sweep ${n(sweep.sweepSeconds, 1)} s)`;

/** @param {Weight} weighed */
const weight = ({ jsKb, cssKb }) => `${n(jsKb, 1)} kB + ${n(cssKb, 1)} kB`;

/**
 * B3 as two figures since the lead inbox (intake, end to end); a run saved before it had one.
 * @param {BenchRun['b3']} b3
 */
function leadIngestionRows(b3) {
  if (!b3.intake || !b3.endToEnd) {
    return [
      {
        id: 'B3',
        metric: `${n(b3.leads)} signed webhooks, 50 in flight`,
        value: `${n(b3.leadsPerSecond ?? 0)} leads/s, exactly ${n(b3.contacts)} contacts`,
      },
    ];
  }
  return [
    {
      id: 'B3',
      metric: `intake: ${n(b3.leads)} leadgen changes in signed ${n(b3.batch ?? 1000)}-change webhooks, stored before the 200`,
      value: `${n(b3.intake.changesPerSecond)} changes/s`,
    },
    // Runs saved before the per-POST latency was measured have no such row.
    ...(b3.intake.p50Ms === undefined
      ? []
      : [
          {
            id: '',
            metric: `intake: each ${n(b3.batch ?? 1000)}-change webhook POST until its 200`,
            value: `p50 ${n(b3.intake.p50Ms)} ms, max ${n(b3.intake.maxMs ?? b3.intake.p50Ms)} ms`,
          },
        ]),
    {
      id: '',
      metric: "end to end: until every lead is a contact (read from the sandbox's Graph)",
      value: `${n(b3.endToEnd.leadsPerSecond)} leads/s, ${n(b3.lost ?? 0)} lost, ${n(b3.duplicated ?? 0)} duplicated`,
    },
  ];
}

/** @param {Load} figures */
function load(figures) {
  const cpu = figures.cpuUs ? `, ${n(figures.cpuUs)} µs CPU per request` : '';
  return `${n(figures.rps)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms${cpu}`;
}

/**
 * @param {Load} side
 * @param {Load} baseline
 */
const ratio = (side, baseline) => `${(side.rps / baseline.rps).toFixed(2)}×`;

/**
 * The figures of one run, one row per scenario: for the console table and the README alike.
 * @param {BenchRun} run
 */
export function summaryRows(run) {
  const { b1, b2, b3, b4, b5, b6, b7, b8 } = run;
  const [small, large] = b4;
  return [
    {
      id: 'B1',
      metric: `\`GET /integrations\` with an API key, ${b1.connections} connections, ${b1.seconds} s`,
      value: load(b1.app),
    },
    {
      id: '',
      metric: 'baseline: bare `node:http`, same key lookup, same SQL, same driver, same JSON',
      value: load(b1.baseline),
    },
    ...(b1.floor
      ? [
          {
            id: '',
            metric: 'framework floor: the baseline’s work in a minimal Nest app (Express, one guard)',
            value: load(b1.floor),
          },
        ]
      : []),
    {
      id: '',
      metric: 'app ÷ baseline (requests per second)',
      value: `${ratio(b1.app, b1.baseline)}${b1.floor ? ` (floor ÷ baseline ${ratio(b1.floor, b1.baseline)})` : ''}`,
    },
    {
      id: 'B2',
      metric: `full connect round trip against the sandbox (${b2.flows} flows)`,
      value: `median ${n(b2.median, 1)} ms, p95 ${n(b2.p95, 1)} ms (app's share ${n(b2.serverMedian, 1)} ms)`,
    },
    ...leadIngestionRows(b3),
    {
      id: 'B4',
      metric: `B1's p50 with ${n(small.rows)} → ${n(large.rows)} connection rows (${n(large.accounts)} accounts)`,
      value: `${small.p50} → ${large.p50} ms`,
    },
    {
      id: '',
      metric: `B1's p50 at ${n(large.rows)} rows, before → while → after housekeeping deletes ${n(run.b4sweep?.sweptRows ?? 200_000)} expired sessions`,
      value: run.b4sweep ? sweepValue(run.b4sweep, large.p50) : 'not measured yet',
    },
    { id: 'B5', metric: 'JS + CSS loaded by `/integrations` (gzip)', value: weight(b5.catalog) },
    { id: '', metric: 'JS + CSS loaded by `/integrations/:key` (gzip)', value: weight(b5.detail) },
    { id: '', metric: 'the Lead Ads chunk, on top of `/integrations/:key` (gzip)', value: weight(b5.leadAds) },
    { id: 'B6', metric: 'RSS after start-up → after B1', value: `${n(b6.startMb)} → ${n(b6.afterB1Mb)} MB` },
    {
      id: 'B7',
      metric: '`GET …/hubspot/proxy/crm/v3/objects/contacts` with an API key, one at a time',
      value: b7
        ? `p50 ${n(b7.proxied.p50, 2)} ms, p99 ${n(b7.proxied.p99, 2)} ms (${n(b7.proxied.rps)} req/s)`
        : 'not measured yet',
    },
    {
      id: '',
      metric: 'the same request straight to the sandbox with the token; overhead at p50',
      value: b7
        ? `p50 ${n(b7.direct.p50, 2)} ms, p99 ${n(b7.direct.p99, 2)} ms; overhead ${n(b7.proxied.p50 - b7.direct.p50, 2)} ms`
        : 'not measured yet',
    },
    {
      id: 'B8',
      metric: 'event log → 100 browser streams: 5,000-event burst; commit → delivery (one event per 10 ms)',
      value: b8
        ? `${n(b8.eventsPerSecond)} events/s (${n(b8.deliveriesPerSecond)} deliveries/s); p50 ${n(b8.p50)} ms, p99 ${n(b8.p99)} ms`
        : 'not measured yet',
    },
    {
      id: '',
      metric: 'event log → one webhook receiver: 1,000-event burst; commit → delivery (one event per 20 ms)',
      value: b8?.webhooks
        ? `${n(b8.webhooks.eventsPerSecond)} events/s; p50 ${n(b8.webhooks.p50)} ms, p99 ${n(b8.webhooks.p99)} ms`
        : 'not measured yet',
    },
    { id: '', metric: 'the whole `npm run bench`', value: `${n(run.seconds)} s` },
  ];
}
