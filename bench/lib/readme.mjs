// The README's performance figures are made from bench/results/latest.json, never typed: `npm run bench`
// rewrites them after each run, `npm run bench:readme` on demand, and `npm run lint` fails when they drift.
import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { DATABASES, loadResults, summaryRows } from './results.mjs';

const README = new URL('../../README.md', import.meta.url).pathname;
const START = '<!-- bench:start (made by `npm run bench:readme` from bench/results/latest.json; do not edit) -->';
const END = '<!-- bench:end -->';
/** @type {Record<string, string>} */
const LABELS = { sqlite: 'SQLite', mysql: 'MySQL' };

/**
 * @param {string} db
 * @param {import('./results.mjs').BenchRun | undefined} run
 */
function column(db, run) {
  return run?.server ? `${LABELS[db]} (${run.server})` : LABELS[db];
}

/** @param {import('./results.mjs').Results} results */
export function renderSection(results) {
  const present = DATABASES.flatMap((db) => {
    const run = results[db];
    return run ? [/** @type {const} */ ([db, run])] : [];
  });
  if (present.length === 0) return 'No results yet: run `npm run bench`.';
  const rowsByDb = Object.fromEntries(present.map(([db, run]) => [db, summaryRows(run)]));
  const [first] = present[0];
  // Rows pair by position; a run saved before a scenario grew a row (B3's two figures) has fewer of them.
  const reference = rowsByDb[first];
  const cell = (/** @type {string} */ text) => text.replaceAll('|', '\\|');
  const lines = [
    `|     | metric | ${DATABASES.map((db) => column(db, results[db])).join(' | ')} |`,
    `| --- | --- | ${DATABASES.map(() => '---').join(' | ')} |`,
    ...reference.map(
      (row, i) =>
        `| ${row.id} | ${cell(row.metric)} | ${DATABASES.map((db) => cell(rowsByDb[db]?.[i]?.value ?? 'not measured yet')).join(' | ')} |`,
    ),
  ];
  const runs = present.map(([db, run]) => `${LABELS[db]} ${run.at.slice(0, 10)}`).join(', ');
  return [`Latest run on each database (${runs}) on ${present[0][1].machine}:`, '', ...lines].join('\n');
}

/** @param {import('./results.mjs').Results} results */
async function readmeWithSection(results) {
  const current = readFileSync(README, 'utf8');
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  const next = `${current.slice(0, start + START.length)}\n\n${renderSection(results)}\n\n${current.slice(end)}`;
  const options = (await prettier.resolveConfig(README)) ?? {};
  return { current, next: await prettier.format(next, { ...options, filepath: README }) };
}

/** Rewrites the README's figures from latest.json; returns whether anything changed. */
export async function updateReadme() {
  const { current, next } = await readmeWithSection(loadResults());
  if (next !== current) writeFileSync(README, next);
  return next !== current;
}

/** True when the README's figures are exactly what latest.json says. */
export async function readmeIsCurrent() {
  const { current, next } = await readmeWithSection(loadResults());
  return next === current;
}
