// B1's load: autocannon against one server, and turns between several servers in one run.
import autocannon from 'autocannon';
import { cpuSeconds } from './processes.mjs';

/** @typedef {import('./results.mjs').Load} Load */

/**
 * @param {string} url
 * @param {string} apiKey
 * @param {{ connections: number, seconds: number, pid?: number }} options `pid`: the server's process, whose CPU
 *   time per request is measured too
 * @returns {Promise<Load>}
 */
export async function load(url, apiKey, { connections, seconds, pid }) {
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization: `Bearer ${apiKey}` } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const figures = { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99 };
  if (!pid) return figures;
  return { ...figures, cpuUs: Math.round(((cpuSeconds(pid) - cpuBefore) / result.requests.total) * 1e6) };
}

/**
 * B1's sides in turns (app, baseline, floor, app…), each for a share of the time, so a change in what
 * else the machine runs weighs on all alike and their ratios stay meaningful. Per side: the mean req/s
 * and CPU time per request over its turns, the median p50 and the worst p99.
 * @template {string} Side
 * @param {number} rounds turns per side
 * @param {Record<Side, () => Promise<Load>>} sides
 * @returns {Promise<Record<Side, Load>>}
 */
export async function alternate(rounds, sides) {
  const names = /** @type {Side[]} */ (Object.keys(sides));
  /** @type {Record<string, Load[]>} */
  const turns = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) for (const name of names) turns[name].push(await sides[name]());
  /** @param {Load[]} loads */
  const combine = (loads) => {
    const p50s = loads.map((l) => l.p50).sort((a, b) => a - b);
    const mean = (/** @type {(l: Load) => number} */ figure) =>
      Math.round(loads.reduce((sum, l) => sum + figure(l), 0) / loads.length);
    return {
      rps: mean((l) => l.rps),
      p50: p50s[Math.floor(p50s.length / 2)],
      p99: Math.max(...loads.map((l) => l.p99)),
      cpuUs: mean((l) => l.cpuUs ?? 0),
    };
  };
  return /** @type {Record<Side, Load>} */ (Object.fromEntries(names.map((name) => [name, combine(turns[name])])));
}
