// Chromium through playwright-core: one app and one browser per test file, one browser context per
// scenario, and failure artifacts (a screenshot of every open page + its console) in e2e/artifacts/.
// What a person sees and does lives in person.mjs; page probes (focus, axe, markers) in probes.mjs.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';
import { E2E_DB, ROOT, startApp } from './app.mjs';
import { collectCspViolations } from './csp.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };
/** The phone the issue was measured on (iPhone 12–15 class, CSS pixels). */
export const PHONE_VIEWPORT = { width: 390, height: 844 };
export const ARTIFACTS_DIR = join(ROOT, 'e2e/artifacts');
/** How long to wait for something a person expects to see (a bound for failures, not a speed check). */
export const WAIT_MS = 20_000;

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** @param {string} text */
function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/**
 * Runs `fn(context)` in a fresh browser context (own cookies, storage, BroadcastChannels); any CSP
 * violation in one of its pages fails the scenario. On failure, writes a screenshot of every page still open, the pages' console output and the app's output to
 * e2e/artifacts/, then rethrows.
 *
 * @param {import('playwright-core').Browser} browser
 * @param {{url: string, output: () => string}} app
 * @param {string} name
 * @param {(context: import('playwright-core').BrowserContext) => Promise<void>} fn
 * @param {{ initScripts?: string[], viewport?: {width: number, height: number} }} [options] scripts run
 *   in every page before its own; the viewport (desktop unless told)
 */
export async function inContext(browser, app, name, fn, { initScripts = [], viewport = VIEWPORT } = {}) {
  const context = await browser.newContext({ viewport, baseURL: app.url });
  context.setDefaultTimeout(WAIT_MS);
  const cspViolations = await collectCspViolations(context);
  for (const script of initScripts) await context.addInitScript(script);
  /** @type {string[]} */
  const consoleLines = [];
  let pageCount = 0;
  context.on('page', (page) => {
    const label = `page${++pageCount}`;
    const log = (/** @type {string} */ line) => consoleLines.push(`${new Date().toISOString()} [${label}] ${line}`);
    page.on('console', (message) => log(`console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => log(`pageerror: ${error.stack ?? error.message}`));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) log(`navigated to ${frame.url()}`);
    });
    page.on('close', () => log('closed'));
  });
  try {
    await fn(context);
    assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations');
  } catch (error) {
    await saveArtifacts(context, app, name, consoleLines, error);
    throw error;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/**
 * @param {import('playwright-core').BrowserContext} context
 * @param {{ output: () => string }} app
 * @param {string} name the scenario
 * @param {string[]} consoleLines
 * @param {unknown} error why the scenario failed
 */
async function saveArtifacts(context, app, name, consoleLines, error) {
  try {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const base = join(ARTIFACTS_DIR, `${E2E_DB}-${slug(name)}`);
    const pages = context.pages();
    for (const [index, page] of pages.entries()) {
      await page.screenshot({ path: `${base}-page${index + 1}.png`, fullPage: true, timeout: 5000 }).catch(() => undefined);
    }
    const urls = pages.map((page, index) => `page${index + 1}: ${page.url()}`).join('\n');
    writeFileSync(
      `${base}.log`,
      `${error instanceof Error ? error.stack : String(error)}\n\nOpen pages:\n${urls}\n\nBrowser console:\n${consoleLines.join('\n')}\n\nApp output:\n${app.output()}\n`,
    );
    console.log(`Failure artifacts: ${base}.log (+ screenshots)`);
  } catch (artifactError) {
    console.log(`Could not write failure artifacts: ${artifactError}`);
  }
}

/**
 * One app and one browser for a whole test file, started before its first test and stopped after its
 * last. Read `suite.app` / `suite.browser` inside the tests (they are set before the first one runs).
 * @param {{ coop?: boolean }} [options] passed to startApp
 */
export function appAndBrowser(options = {}) {
  const suite = /** @type {{ app: import('./app.mjs').App, browser: import('playwright-core').Browser }} */ ({});
  before(async () => {
    suite.app = await startApp(options);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.app?.stop();
  });
  return suite;
}
