// Chromium through playwright-core, one browser context per scenario, and the few helpers the
// scenarios share: signing in, waiting for what a person would see, keyboard moves, axe-core,
// screenshots, and failure artifacts (a screenshot of every open page + its console) in e2e/artifacts/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';
import { E2E_DB, ROOT, startApp } from './app.mjs';
import { collectCspViolations } from './csp.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };
export const ARTIFACTS_DIR = join(ROOT, 'e2e/artifacts');
export const SCREENSHOTS_DIR = join(ROOT, 'e2e/screenshots');
/** How long to wait for something a person expects to see (a bound for failures, not a speed check). */
export const WAIT_MS = 20_000;

export const ADMIN = { email: 'admin@aurora.test', password: 'aurora-demo' };
export const AGENT = { email: 'agent@aurora.test', password: 'aurora-demo' };

/** Exact texts from the UI contract (DESIGN §5, §9). */
export const TEXT = {
  notCompleted: 'Authorization was not completed — try again and finish the steps in the popup.',
  denied: /^Access was denied/,
  unavailable: /^The provider is unavailable/,
};

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
 * @param {{ initScripts?: (string | Function)[] }} [options]
 */
export async function inContext(browser, app, name, fn, { initScripts = [] } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: app.url });
  context.setDefaultTimeout(WAIT_MS);
  const cspViolations = await collectCspViolations(context);
  for (const script of initScripts) await context.addInitScript(script);
  const consoleLines = [];
  let pageCount = 0;
  context.on('page', (page) => {
    const label = `page${++pageCount}`;
    const log = (line) => consoleLines.push(`${new Date().toISOString()} [${label}] ${line}`);
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
      `${error?.stack ?? error}\n\nOpen pages:\n${urls}\n\nBrowser console:\n${consoleLines.join('\n')}\n\nApp output:\n${app.output()}\n`,
    );
    console.log(`Failure artifacts: ${base}.log (+ screenshots)`);
  } catch (artifactError) {
    console.log(`Could not write failure artifacts: ${artifactError}`);
  }
}

/** Waits until `locator` is visible; the message says what the person should have seen. */
export async function see(locator, what, timeout = WAIT_MS) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    throw new assert.AssertionError({
      message: `Expected to see ${what}, but it did not appear (${error.message.split('\n')[0]})`,
    });
  }
}

/** Waits until nothing matching `locator` is visible. */
export async function notSee(locator, what, timeout = WAIT_MS) {
  try {
    await locator.first().waitFor({ state: 'hidden', timeout });
  } catch (error) {
    throw new assert.AssertionError({
      message: `Expected ${what} to be gone, but it is still shown (${error.message.split('\n')[0]})`,
    });
  }
}

/** Signs in through the login form and waits until the app has left /login. */
export async function signIn(page, { email, password }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The sidebar's "Tools" navigation. */
export function toolsNav(page) {
  return page.getByRole('navigation', { name: 'Tools' });
}

/**
 * The green "Connected" badge. On a detail page it is the only element whose whole text is
 * "Connected" (the header is inside <main>, so it has no landmark role to scope by).
 */
export function connectedBadge(page) {
  return page.getByRole('main').getByText('Connected', { exact: true });
}

export function button(scope, name) {
  return scope.getByRole('button', { name, exact: true });
}

/** Asserts the element's background is green (the badge tone a person reads as "connected"). */
export async function assertGreen(locator, what) {
  const rgb = await locator.first().evaluate((element) => getComputedStyle(element).backgroundColor);
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).map(Number);
  assert.ok(g > r && g > b, `${what} should be green, but its background is ${rgb}`);
}

/** Asserts the detail page shows the integration as not connected: Connect offered, no badge, no Disconnect. */
export async function assertDisconnected(page, what) {
  await see(button(page, 'Connect'), `the Connect button (${what})`);
  assert.equal(await connectedBadge(page).count(), 0, `${what}: no Connected badge expected`);
  assert.equal(await button(page, 'Disconnect').count(), 0, `${what}: no Disconnect button expected`);
}

/** Opens an integration's detail page from the catalog, the way a person does: search, then its card. */
export async function openFromCatalog(page, name) {
  await toolsNav(page).getByRole('link', { name: 'Integrations', exact: true }).click();
  await see(page.getByRole('heading', { name: 'Integrations', level: 1 }), 'the Integrations catalog heading');
  await page.getByLabel('Search integrations').fill(name);
  await page
    .getByRole('link')
    .filter({ has: page.getByText(name, { exact: true }) })
    .click();
  await see(page.getByRole('heading', { name, level: 1 }), `the ${name} detail page heading`);
}

/**
 * Clicks Connect and returns the popup the click opened, once it shows the sandbox consent page.
 * @param {import('playwright-core').Page} page
 */
export async function clickConnectAndGetConsent(page, app, providerName) {
  const popupOpened = page.waitForEvent('popup');
  await button(page, 'Connect').click();
  const popup = await popupOpened;
  await see(button(popup, 'Authorize'), 'the Authorize button on the consent page in the popup');
  await see(popup.getByRole('heading', { name: `Sign in to ${providerName} (Sandbox)` }), 'the sandbox consent page heading');
  assert.equal(new URL(popup.url()).origin, app.sandboxUrl, 'the consent page is served by the sandbox provider');
  await see(button(popup, 'Cancel'), 'the Cancel button on the consent page');
  return popup;
}

/** Connects through the popup (Connect → Authorize) and waits for the Connected badge. */
export async function connectViaPopup(page, app, providerName) {
  const popup = await clickConnectAndGetConsent(page, app, providerName);
  await button(popup, 'Authorize').click();
  await closed(popup);
  await see(connectedBadge(page), `the Connected badge for ${providerName}`);
}

/** Resolves when `page` closes (immediately if it already has). */
export function closed(page) {
  return page.isClosed() ? Promise.resolve() : page.waitForEvent('close', { timeout: WAIT_MS });
}

/** Sets a marker on the window: if the page reloads or navigates for real, it is gone. */
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

export function seenTexts(page) {
  return page.evaluate(() => window.__seenTexts ?? []);
}

/** Init script making every window.open return null, as a popup blocker does. */
export const BLOCK_POPUPS = `window.open = function () { return null; };`;

/** A short description of the focused element: tag, role and accessible text. */
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

/** Presses Tab until the focused element matches, failing after `max` presses. */
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
 * @param {import('playwright-core').Page} page
 */
export async function axeViolations(page, label) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  // Evaluated through DevTools rather than a <script> tag, which the app's CSP rightly refuses.
  if (!loaded) await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
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

/** Saves a 1280×800 screenshot to e2e/screenshots/<name>.png (committed, linked from the README). */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
}

/**
 * One app and one browser for a whole test file, started before its first test and stopped after its
 * last. Read `suite.app` / `suite.browser` inside the tests.
 */
export function appAndBrowser(options = {}) {
  const suite = { app: undefined, browser: undefined };
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
