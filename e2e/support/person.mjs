// What a person sees and does in the app: the demo users, the UI's exact texts, waiting for what should
// appear, signing in, finding an integration and connecting it through the popup.
import assert from 'node:assert/strict';
import { WAIT_MS } from './browser.mjs';

/**
 * @typedef {import('playwright-core').Page} Page
 * @typedef {import('playwright-core').Locator} Locator
 * @typedef {import('./app.mjs').App} App
 */

export const ADMIN = { email: 'admin@aurora.test', password: 'aurora-demo' };
export const AGENT = { email: 'agent@aurora.test', password: 'aurora-demo' };

/** Exact texts from the UI contract (DESIGN §5, §9). */
export const TEXT = {
  notCompleted: 'Authorization was not completed — try again and finish the steps in the popup.',
  closedEarly: 'The window was closed before you finished.',
  denied: /^You chose not to give Aurora Inbox access/,
  unavailable: /^The provider is unavailable/,
};

/**
 * Waits until `locator` is visible; the message says what the person should have seen.
 * @param {Locator} locator
 * @param {string} what
 */
export async function see(locator, what, timeout = WAIT_MS) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    throw new assert.AssertionError({
      message: `Expected to see ${what}, but it did not appear (${firstLine(error)})`,
    });
  }
}

/**
 * Waits until nothing matching `locator` is visible.
 * @param {Locator} locator
 * @param {string} what
 */
export async function notSee(locator, what, timeout = WAIT_MS) {
  try {
    await locator.first().waitFor({ state: 'hidden', timeout });
  } catch (error) {
    throw new assert.AssertionError({
      message: `Expected ${what} to be gone, but it is still shown (${firstLine(error)})`,
    });
  }
}

/** @param {unknown} error a Playwright timeout */
function firstLine(error) {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

/**
 * Signs in through the login form and waits until the app has left /login.
 * @param {Page} page
 * @param {{ email: string, password: string }} user
 */
export async function signIn(page, { email, password }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * The sidebar's "Tools" navigation.
 * @param {Page} page
 */
export function toolsNav(page) {
  return page.getByRole('navigation', { name: 'Tools' });
}

/**
 * The green "Connected" badge. On a detail page it is the only element whose whole text is
 * "Connected" (the header is inside <main>, so it has no landmark role to scope by).
 * @param {Page} page
 */
export function connectedBadge(page) {
  return page.getByRole('main').getByText('Connected', { exact: true });
}

/**
 * @param {Page | Locator} scope
 * @param {string} name the button's exact accessible name
 */
export function button(scope, name) {
  return scope.getByRole('button', { name, exact: true });
}

/**
 * Asserts the element's background is green (the badge tone a person reads as "connected").
 * @param {Locator} locator
 * @param {string} what
 */
export async function assertGreen(locator, what) {
  const rgb = await locator.first().evaluate((element) => getComputedStyle(element).backgroundColor);
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  assert.ok(g > r && g > b, `${what} should be green, but its background is ${rgb}`);
}

/**
 * Asserts the detail page shows the integration as not connected: Connect offered, no badge, no Disconnect.
 * @param {Page} page
 * @param {string} what
 */
export async function assertDisconnected(page, what) {
  await see(button(page, 'Connect'), `the Connect button (${what})`);
  assert.equal(await connectedBadge(page).count(), 0, `${what}: no Connected badge expected`);
  assert.equal(await button(page, 'Disconnect').count(), 0, `${what}: no Disconnect button expected`);
}

/**
 * Opens an integration's detail page from the catalog, the way a person does: search, then its card.
 * @param {Page} page
 * @param {string} name the integration's display name
 */
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
 * Clicks Connect (or `trigger`, e.g. a Reconnect button) and returns the popup the click opened, once it
 * shows the sandbox consent page.
 * @param {Page} page
 * @param {App} app
 * @param {string} providerName
 * @param {Locator} [trigger]
 */
export async function clickConnectAndGetConsent(page, app, providerName, trigger = button(page, 'Connect')) {
  const popupOpened = page.waitForEvent('popup');
  await trigger.click();
  const popup = await popupOpened;
  await see(button(popup, 'Authorize'), 'the Authorize button on the consent page in the popup');
  await see(popup.getByRole('heading', { name: `Sign in to ${providerName} (Sandbox)` }), 'the sandbox consent page heading');
  assert.equal(new URL(popup.url()).origin, app.sandboxUrl, 'the consent page is served by the sandbox provider');
  await see(button(popup, 'Cancel'), 'the Cancel button on the consent page');
  return popup;
}

/**
 * Connects through the popup (Connect → Authorize) and waits for the Connected badge.
 * @param {Page} page
 * @param {App} app
 * @param {string} providerName
 */
export async function connectViaPopup(page, app, providerName) {
  const popup = await clickConnectAndGetConsent(page, app, providerName);
  await button(popup, 'Authorize').click();
  await closed(popup);
  await see(connectedBadge(page), `the Connected badge for ${providerName}`);
}

/**
 * Resolves when `page` closes (immediately if it already has).
 * @param {Page} page
 * @returns {Promise<unknown>}
 */
export function closed(page) {
  return page.isClosed() ? Promise.resolve() : page.waitForEvent('close', { timeout: WAIT_MS });
}
