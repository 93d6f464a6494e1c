// Contacts worth opening (issue #17 item 5): one contact per person, search and filters that live in the
// URL (and survive Back), a detail panel with each lead's answers, a list that updates itself when a lead
// arrives, and a phone layout that never scrolls sideways. Leads come from the sandbox's Facebook.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext } from './support/browser.mjs';
import { ADMIN, button, connectViaPopup, openFromCatalog, see, signIn, toolsNav } from './support/person.mjs';
import { screenshot } from './support/probes.mjs';

/** @typedef {import('playwright-core').Page} Page */

const PAGE_ID = '1000001';
const FORM_ID = '2000001';
const STREAM = '/api/v1/events/stream';

/**
 * @param {string} name
 * @param {string} email
 * @param {string} time the form's custom answer
 */
const answers = (name, email, time) => [
  { name: 'full_name', values: [name] },
  { name: 'email', values: [email] },
  { name: 'phone_number', values: ['+1 555 010 7777'] },
  { name: 'preferred_contact_time', values: [time] },
];

/**
 * @param {Page} page
 * @param {string} name
 */
const contactRow = (page, name) => page.getByRole('row').filter({ has: page.getByRole('button', { name, exact: true }) });

/**
 * Connects Facebook Lead Ads and saves the sandbox's coffee form with its default mapping.
 * @param {Page} page
 * @param {import('./support/app.mjs').App} app
 */
async function setLeadFormUp(page, app) {
  await openFromCatalog(page, 'Facebook Lead Ads');
  await connectViaPopup(page, app, 'Facebook Lead Ads');
  const leadForms = page.getByRole('region', { name: 'Lead forms' });
  await leadForms.getByLabel('Facebook Page').selectOption({ label: 'Aurora Coffee Roasters' });
  const form = leadForms.getByRole('article', { name: 'Coffee subscription enquiry' });
  await see(form, 'the lead form to import');
  await button(form, 'Save form connection').click();
  await see(form.getByText('Importing leads'), 'the form importing leads');
}

/**
 * Signs in and waits until the app's live stream is open, so a lead arriving later reaches the page.
 * @param {Page} page
 */
async function signInLive(page) {
  const streamOpened = page.waitForResponse((response) => new URL(response.url()).pathname === STREAM);
  await signIn(page, ADMIN);
  assert.equal((await streamOpened).status(), 200, 'the live stream opened');
}

/**
 * Fails when the page is wider than the screen.
 * @param {Page} page
 * @param {string} where
 */
async function assertNoSidewaysScroll(page, where) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  console.log(`contacts phone layout [${where} @ ${innerWidth}px]: scrollWidth ${scrollWidth}`);
  assert.ok(scrollWidth <= innerWidth, `${where} at ${innerWidth} px is ${scrollWidth} px wide`);
}

describe(`Contacts (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('one contact per person, live: search, a filter in the URL that survives Back, the detail panel', async () => {
    const { browser, app } = suite;
    await inContext(browser, app, 'contacts desktop', async (context) => {
      const page = await context.newPage();
      await signInLive(page);
      await setLeadFormUp(page, app);
      await toolsNav(page).getByRole('link', { name: 'Contacts', exact: true }).click();
      await see(page.getByRole('heading', { name: 'Contacts', level: 1 }), 'the Contacts page');

      // Two leads of one person (same e-mail, other spelling) arrive while the page is open.
      for (const [name, email, time] of [
        ['Grace Brewster', 'grace.brewster@example.test', 'Morning'],
        ['Grace M. Brewster', '  Grace.Brewster@Example.test ', 'Evening'],
      ]) {
        await app.sandbox.facebookLead({ pageId: PAGE_ID, formId: FORM_ID, fieldData: answers(name, email, time) });
      }
      const grace = contactRow(page, 'Grace M. Brewster');
      await see(grace, 'the second lead’s name on the one contact, without a reload');
      await see(grace.getByText('2 leads'), 'both leads on one contact');
      await see(grace.getByText('Facebook Lead Ads · Coffee subscription enquiry'), 'the source label');
      assert.equal(await contactRow(page, 'Grace Brewster').count(), 0, 'no second contact for the same person');

      await page.getByLabel('Search').fill('brewster');
      await page.waitForURL((url) => url.searchParams.get('q') === 'brewster');
      await see(grace, 'the search hit');
      const filtered = page.waitForResponse(
        (response) => new URL(response.url()).searchParams.get('source') === 'facebook-lead-ads',
      );
      await page.getByLabel('Source').selectOption('facebook-lead-ads');
      await page.waitForURL((url) => url.searchParams.get('source') === 'facebook-lead-ads');
      await filtered;
      await see(grace, 'the contact in the filtered list');
      assert.equal(await page.locator('tbody tr').count(), 1, 'only Grace matches');

      await grace.getByRole('button', { name: 'Grace M. Brewster' }).click();
      const panel = page.getByRole('dialog', { name: 'Grace M. Brewster' });
      await see(panel.getByRole('heading', { name: '2 leads' }), 'the panel with both leads');
      await see(panel.getByText('Evening', { exact: true }), 'the newer lead’s custom answer');
      await see(panel.getByText('Morning', { exact: true }), 'the older lead’s custom answer');
      assert.equal(await panel.getByRole('article').count(), 2);
      await screenshot(page, 'contacts-detail');

      await page.goBack();
      await page.waitForURL((url) => !url.searchParams.has('contact'));
      assert.equal(await panel.count(), 0, 'Back closed the panel');
      assert.equal(new URL(page.url()).searchParams.get('q'), 'brewster');
      assert.equal(await page.getByLabel('Search').inputValue(), 'brewster', 'the search survived Back');
      assert.equal(await page.getByLabel('Source').inputValue(), 'facebook-lead-ads', 'the filter survived Back');
      assert.equal(await page.locator('tbody tr').count(), 1);

      await page.goBack();
      await page.waitForURL((url) => !url.searchParams.has('source'));
      assert.equal(await page.getByLabel('Source').inputValue(), '', 'one more Back drops the source filter');
      assert.equal(await page.getByLabel('Search').inputValue(), 'brewster');
    });
  });

  // These read the contact the scenario above brought in (one app per file).
  for (const width of [360, 390, 414]) {
    it(`fits a ${width} px phone: cards and the detail drawer never scroll sideways`, async () => {
      const { browser, app } = suite;
      await inContext(
        browser,
        app,
        `contacts phone ${width}`,
        async (context) => {
          const page = await context.newPage();
          await signIn(page, ADMIN);
          await page.goto('/contacts?q=brewster');
          const grace = contactRow(page, 'Grace M. Brewster');
          await see(grace, 'the contact card');
          await assertNoSidewaysScroll(page, 'the contacts list');
          await grace.getByRole('button', { name: 'Grace M. Brewster' }).click();
          await see(page.getByRole('dialog').getByRole('heading', { name: '2 leads' }), 'the detail drawer');
          await assertNoSidewaysScroll(page, 'the detail drawer');
          if (width === 390) await screenshot(page, 'phone-contacts-detail');
          await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
          await page.waitForURL((url) => !url.searchParams.has('contact'));
        },
        { viewport: { width, height: 800 } },
      );
    });
  }
});
