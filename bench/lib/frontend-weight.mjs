// B5: the JS and CSS a browser downloads for a route, resolved from Vite's build manifest (the same graph
// the browser follows: the entry, the route's page chunk and everything both import statically).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ENTRY = 'index.html';
const CATALOG_PAGE = 'src/pages/IntegrationsPage.vue';
const DETAIL_PAGE = 'src/pages/IntegrationDetailPage.vue';
const LEAD_ADS_PANEL = 'src/components/facebook-lead-ads/FacebookLeadAdsPanel.vue';

/**
 * @typedef {{ file: string, css?: string[], imports?: string[] }} Chunk
 * @typedef {Record<string, Chunk>} Manifest Vite's .vite/manifest.json
 */

/**
 * Every file `keys` load before they run: their chunks, static imports (transitively) and CSS.
 * @param {Manifest} manifest
 * @param {string[]} keys
 */
function filesLoadedBy(manifest, keys) {
  /** @type {Set<string>} */
  const files = new Set();
  const seen = new Set();
  const visit = (/** @type {string} */ key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the Vite manifest has no ${key}: did a page move?`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return files;
}

/**
 * @param {string} dist the built SPA folder
 * @returns {import('./results.mjs').BenchRun['b5']}
 */
export function frontendWeight(dist) {
  /** @type {Manifest} */
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
  const gzipKb = (/** @type {Set<string>} */ files, /** @type {string} */ ext) =>
    [...files].filter((f) => f.endsWith(ext)).reduce((n, f) => n + gzipSync(readFileSync(join(dist, f))).length, 0) / 1024;
  const weigh = (/** @type {Set<string>} */ files) => ({
    jsKb: gzipKb(files, '.js'),
    cssKb: gzipKb(files, '.css'),
    files: files.size,
  });

  const catalog = filesLoadedBy(manifest, [ENTRY, CATALOG_PAGE]);
  const detail = filesLoadedBy(manifest, [ENTRY, DETAIL_PAGE]);
  // What the Lead Ads page adds on top of the detail route, fetched only when that page opens.
  const leadAds = new Set([...filesLoadedBy(manifest, [LEAD_ADS_PANEL])].filter((f) => !detail.has(f)));
  return { catalog: weigh(catalog), detail: weigh(detail), leadAds: weigh(leadAds) };
}
