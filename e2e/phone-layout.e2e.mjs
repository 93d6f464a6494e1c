// The app on a phone (issue 17 item 2): a compact top bar whose menu button opens the sidebar as a
// drawer, and no page wider than the screen at 360–414 px — the catalog, every detail page (Lead Ads
// with a connected form, whose Page picker once forced 441 px), the disconnect dialog, Contacts, the
// required-role page, Settings (API keys, Webhooks) and the 404 page. Also writes the phone screenshots (e2e/screenshots/phone-*.png).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext, PHONE_VIEWPORT } from './support/browser.mjs';
import { ADMIN, AGENT, button, connectViaPopup, notSee, see, signIn, toolsNav } from './support/person.mjs';
import { focused, screenshot } from './support/probes.mjs';

/** @typedef {import('playwright-core').Page} Page */

const PHONE_WIDTHS = [360, 390, 414];
const MAX_HEADER_PX = 64;
const LEAD_NAME = 'Grace Phone Hopper';

/**
 * Page width against the screen, and the top bar's height; logged so the closing note can quote them.
 * @param {Page} page
 */
async function measure(page) {
  return page.evaluate(() => {
    const banner = document.querySelector('header.shell__topbar');
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      headerHeight: banner ? Math.round(banner.getBoundingClientRect().height) : null,
    };
  });
}

/**
 * Fails when the page scrolls sideways or the top bar takes more than 64 px.
 * @param {Page} page
 * @param {string} where
 */
async function assertFitsPhone(page, where, { shell = true } = {}) {
  // Let late content (activity, forms) land before measuring.
  await page.waitForLoadState('networkidle');
  const { scrollWidth, innerWidth, headerHeight } = await measure(page);
  console.log(`phone layout [${where} @ ${innerWidth}px]: scrollWidth ${scrollWidth}, header ${headerHeight ?? '—'} px`);
  assert.ok(scrollWidth <= innerWidth, `${where} at ${innerWidth} px is ${scrollWidth} px wide (scrolls sideways)`);
  if (!shell) return;
  await see(page.getByRole('banner'), `the phone top bar on ${where}`);
  assert.ok(headerHeight !== null && headerHeight <= MAX_HEADER_PX, `${where}: top bar is ${headerHeight} px tall`);
}

/** @param {Page} page */
function menuButton(page) {
  return page.getByRole('banner').getByRole('button', { name: 'Menu' });
}

/**
 * Opens the drawer with the menu button and follows a sidebar link, as a person on a phone does.
 * @param {Page} page
 * @param {string} linkName
 */
async function goVia(page, linkName) {
  await menuButton(page).click();
  await toolsNav(page).getByRole('link', { name: linkName, exact: true }).click();
  await notSee(toolsNav(page), 'the menu drawer after choosing a page');
}

describe(`phone layout (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('17.2a the menu button opens the sidebar as a drawer: focus inside, Esc closes, focus back on the button', async () => {
    await inContext(
      suite.browser,
      suite.app,
      'phone drawer',
      async (context) => {
        const page = await context.newPage();
        await signIn(page, ADMIN);
        await see(page.getByRole('heading', { name: 'Integrations', level: 1 }), 'the catalog after signing in');
        await notSee(toolsNav(page), 'the sidebar while the drawer is closed');
        const menu = menuButton(page);
        assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'the menu starts closed');

        await menu.focus();
        await page.keyboard.press('Enter');
        await see(toolsNav(page), 'the Tools navigation in the open drawer');
        assert.equal(await menu.getAttribute('aria-expanded'), 'true', 'the menu button says the drawer is open');
        const first = await focused(page);
        assert.notEqual(first.tag, 'body', 'focus moves into the drawer');
        // Tab cycles inside the drawer: it never reaches the page behind it.
        for (let i = 0; i < 8; i += 1) {
          await page.keyboard.press('Tab');
          const inDrawer = await page.evaluate(() => Boolean(document.activeElement?.closest('.shell__drawer')));
          assert.ok(inDrawer, `Tab ${i + 1} left the open drawer`);
        }
        await page.keyboard.press('Escape');
        await notSee(toolsNav(page), 'the drawer after Esc');
        assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'the menu button says the drawer is closed');
        assert.equal((await focused(page)).text, 'Menu', 'focus returns to the menu button');

        await goVia(page, 'Contacts');
        await see(page.getByRole('heading', { name: 'Contacts', level: 1 }), 'the Contacts page chosen from the drawer');
      },
      { viewport: PHONE_VIEWPORT },
    );
  });

  it('17.2b no page is wider than a 360–414 px screen and the top bar stays within 64 px', async () => {
    await inContext(
      suite.browser,
      suite.app,
      'phone widths',
      async (context) => {
        const page = await context.newPage();
        await signIn(page, ADMIN);
        await see(page.getByRole('heading', { name: 'Integrations', level: 1 }), 'the catalog');
        await screenshot(page, 'phone-catalog');

        // Facebook connected with a form mapped: the state whose Page picker used to widen the page.
        await page.goto('/integrations/facebook-lead-ads');
        await see(page.getByRole('heading', { name: 'Facebook Lead Ads', level: 1 }), 'the Lead Ads page');
        await connectViaPopup(page, suite.app, 'Facebook Lead Ads');
        const leadForms = page.getByRole('region', { name: 'Lead forms' });
        await leadForms.getByLabel('Facebook Page').selectOption({ label: 'Aurora Coffee Roasters' });
        const form = leadForms.getByRole('article', { name: 'Coffee subscription enquiry' });
        await button(form, 'Save form connection').click();
        await see(form.getByText('Importing leads'), 'the form importing leads');
        await page.mouse.move(0, 0);
        await screenshot(page, 'phone-lead-ads');
        const delivered = await suite.app.sandbox.facebookLead({
          pageId: '1000001',
          formId: '2000001',
          fieldData: [
            { name: 'full_name', values: [LEAD_NAME] },
            { name: 'email', values: ['grace.phone@example.test'] },
            { name: 'phone_number', values: ['+1 555 0199'] },
          ],
        });
        assert.equal(delivered.webhookStatus, 200, 'the app accepted the lead');

        const keys = await page.evaluate(async () => {
          const response = await fetch('/api/v1/integrations', { credentials: 'same-origin' });
          /** @type {{key: string}[]} */
          const integrations = await response.json();
          return integrations.map((integration) => integration.key);
        });
        assert.ok(keys.length >= 8, 'the catalog lists every provider');

        // Settings with content: a key and an endpoint with a long URL make the tables as wide as they get.
        await suite.app.cli(
          'api-key:create',
          '--account-email',
          ADMIN.email,
          '--scopes',
          'integrations:read,contacts:read,events:read',
          '--name',
          'Phone layout reporting service',
        );
        await page.goto('/settings/webhooks');
        await page
          .getByLabel('Endpoint URL')
          .fill('http://127.0.0.1:9/aurora-hooks/a-rather-long-path-for-a-phone-screen?source=phone-layout');
        await button(page, 'Add endpoint').click();
        await see(page.getByLabel('The signing secret'), 'the new endpoint secret');
        await assertFitsPhone(page, 'webhook secret shown');
        await button(page, 'Done').click();

        for (const width of PHONE_WIDTHS) {
          await page.setViewportSize({ width, height: PHONE_VIEWPORT.height });
          await page.goto('/integrations');
          await see(page.getByRole('heading', { name: 'Integrations', level: 1 }), 'the catalog');
          await assertFitsPhone(page, 'catalog');

          for (const key of keys) {
            await page.goto(`/integrations/${key}`);
            await see(page.getByRole('link', { name: 'Back to integrations' }), `the ${key} detail page`);
            await see(page.getByRole('heading', { level: 1 }), `the ${key} heading`);
            await assertFitsPhone(page, `detail ${key}`);
          }

          await page.goto('/integrations/facebook-lead-ads');
          await see(leadForms.getByRole('article', { name: 'Coffee subscription enquiry' }), 'the connected form');
          await assertFitsPhone(page, 'Lead Ads with a connected form');
          await button(page, 'Disconnect').click();
          const dialog = page.getByRole('dialog');
          await see(dialog, 'the disconnect dialog');
          await assertFitsPhone(page, 'disconnect dialog');
          const box = await dialog.boundingBox();
          assert.ok(box, 'the dialog is on screen');
          assert.ok(box.x >= 0 && box.x + box.width <= width, `the dialog fits the ${width} px screen`);
          if (width === PHONE_VIEWPORT.width) await screenshot(page, 'phone-disconnect-dialog');
          await button(dialog, 'Close').click();
          await notSee(dialog, 'the dialog after Close');

          await page.goto('/contacts');
          await see(page.getByText(LEAD_NAME, { exact: true }), 'the lead on the Contacts page');
          await assertFitsPhone(page, 'contacts');
          if (width === PHONE_VIEWPORT.width) await screenshot(page, 'phone-contacts');

          await page.goto('/settings/api-keys');
          await see(page.getByText('Phone layout reporting service'), 'the API key in the list');
          await assertFitsPhone(page, 'settings api keys');
          if (width === PHONE_VIEWPORT.width) await screenshot(page, 'phone-settings-api-keys');
          await page.goto('/settings/webhooks');
          await see(page.getByText(/a-rather-long-path/).first(), 'the endpoint in the list');
          await assertFitsPhone(page, 'settings webhooks');
          if (width === PHONE_VIEWPORT.width) await screenshot(page, 'phone-settings-webhooks');

          await page.goto('/no-such-page');
          await see(page.getByRole('heading', { level: 1 }), 'the not-found page');
          await assertFitsPhone(page, '404');
        }
      },
      { viewport: PHONE_VIEWPORT },
    );
  });

  it('17.2c the required-role page fits a phone', async () => {
    await inContext(
      suite.browser,
      suite.app,
      'phone role page',
      async (context) => {
        const page = await context.newPage();
        await signIn(page, AGENT);
        for (const width of PHONE_WIDTHS) {
          await page.setViewportSize({ width, height: PHONE_VIEWPORT.height });
          await page.goto('/integrations');
          await see(page.getByRole('heading', { name: /Channels Administrator/, level: 1 }), 'the required-role page');
          await assertFitsPhone(page, 'required-role page');
        }
      },
      { viewport: PHONE_VIEWPORT },
    );
  });
});
