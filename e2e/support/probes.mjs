// Probes into a page that a person cannot see but a scenario must assert: reload markers, texts that
// flashed up, keyboard focus, axe-core findings, and the README's screenshots.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './app.mjs';

/**
 * @typedef {import('playwright-core').Page} Page
 * @typedef {{ tag: string, text: string, inDialog: boolean }} Focused the focused element, as a person would name it
 * @typedef {{ id: string, impact?: string | null, help: string, nodes: string[] }} AxeFinding one axe-core rule broken
 */

export const SCREENSHOTS_DIR = join(ROOT, 'e2e/screenshots');

/**
 * Sets a marker on the window: if the page reloads or navigates for real, it is gone.
 * @param {Page} page
 * @returns {Promise<(what: string) => Promise<void>>} asserts the marker is still there
 */
export async function setMarker(page) {
  const value = `marker-${Math.random()}`;
  await page.evaluate((marker) => {
    window.__marker = marker;
  }, value);
  return async (what) => {
    const now = await page.evaluate(() => window.__marker);
    assert.equal(now, value, `${what}: the page was reloaded or navigated away (window.__marker is gone)`);
  };
}

/**
 * Init script: remembers whether any of `texts` ever appeared in the page, so a scenario can prove a
 * message never flashed up, not just that it is absent at the end.
 * @param {string[]} texts
 */
export function textWatcher(texts) {
  return `(() => {
    const texts = ${JSON.stringify(texts)};
    window.__seenTexts = [];
    const check = () => {
      const content = document.body ? document.body.textContent : '';
      for (const text of texts) if (content.includes(text) && !window.__seenTexts.includes(text)) window.__seenTexts.push(text);
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  })();`;
}

/**
 * The texts of textWatcher() that appeared so far.
 * @param {Page} page
 */
export function seenTexts(page) {
  return page.evaluate(() => window.__seenTexts ?? []);
}

/** Init script making every window.open return null, as a popup blocker does. */
export const BLOCK_POPUPS = `window.open = function () { return null; };`;

/**
 * A short description of the focused element: tag, role and accessible text.
 * @param {Page} page
 * @returns {Promise<Focused>}
 */
export function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { tag: 'body', text: '', inDialog: false };
    const labelled = element.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`) : null;
    const text = (element.getAttribute('aria-label') || labelled?.textContent || element.textContent || '')
      .replace(/\s+/g, ' ')
      .trim();
    return { tag: element.tagName.toLowerCase(), text, inDialog: Boolean(element.closest('[role="dialog"]')) };
  });
}

/**
 * Presses Tab until the focused element matches, failing after `max` presses.
 * @param {Page} page
 * @param {(focus: Focused) => boolean} matches
 * @param {string} what
 */
export async function tabTo(page, matches, what, max = 40) {
  const path = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const current = await focused(page);
    path.push(`${current.tag}:${current.text.slice(0, 40)}`);
    if (matches(current)) return current;
  }
  assert.fail(`Could not reach ${what} with Tab in ${max} presses; focus went: ${path.join(' → ')}`);
}

/**
 * Runs axe-core in the page; prints every violation and returns the serious and critical ones.
 * @param {Page} page
 * @param {string} label names the page in the printed report
 * @returns {Promise<AxeFinding[]>}
 */
export async function axeViolations(page, label) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  // Evaluated through DevTools rather than a <script> tag, which the app's CSP rightly refuses.
  if (!loaded) await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = window.axe;
    if (!axe) throw new Error('axe-core is not loaded in the page');
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  console.log(`axe [${label}]: ${violations.length} violation(s), ${serious.length} serious or critical`);
  for (const v of violations) {
    console.log(`axe [${label}] ${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n}`).join('\n')}`);
  }
  return serious;
}

/**
 * Saves a viewport screenshot to e2e/screenshots/<name>.png (committed, linked from the README).
 * @param {Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
}
