// The demo survives a restart (issue #17 item 1): Facebook connected and a form mapped, then the app process
// is stopped and started again on the same DATA_DIR and database, as re-running `npm start` does. The
// sandbox must still know the tokens it issued and continue its lead ids: three new leads are three new
// contacts (before, restarted ids collided with earlier leads and were silently deduplicated away).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext, WAIT_MS } from './support/browser.mjs';
import {
  ADMIN,
  button,
  connectedBadge,
  connectViaPopup,
  notSee,
  openFromCatalog,
  see,
  signIn,
  toolsNav,
} from './support/person.mjs';

const PAGE_ID = '1000001';
const FORM_ID = '2000001';
const PEOPLE = ['Restart One', 'Restart Two', 'Restart Three'];

/**
 * Opens Contacts and reloads it until every name is listed: lead import may be asynchronous.
 * @param {import('playwright-core').Page} page
 * @param {string[]} names
 */
async function seeContacts(page, names) {
  await toolsNav(page).getByRole('link', { name: 'Contacts', exact: true }).click();
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await see(page.getByRole('heading', { name: 'Contacts', level: 1 }), 'the Contacts page');
    const missing = [];
    for (const name of names) if ((await page.getByText(name, { exact: true }).count()) === 0) missing.push(name);
    if (missing.length === 0) return;
    if (Date.now() > deadline) assert.fail(`after the restart, no contact for ${missing.join(', ')} on the Contacts page`);
    await page.waitForTimeout(500);
    await page.reload();
  }
}

describe(`Demo restart (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('1. connect Facebook, map a form, restart: still connected and three new leads are three new contacts', async () => {
    await inContext(suite.browser, suite.app, 'demo restart', async (context) => {
      const page = await context.newPage();
      await signIn(page, ADMIN);
      await openFromCatalog(page, 'Facebook Lead Ads');
      await connectViaPopup(page, suite.app, 'Facebook Lead Ads');
      const leadForms = page.getByRole('region', { name: 'Lead forms' });
      await see(leadForms.getByLabel('Facebook Page'), 'the Facebook Page picker');
      await leadForms.getByLabel('Facebook Page').selectOption({ label: 'Aurora Coffee Roasters' });
      const form = leadForms.getByRole('article', { name: 'Coffee subscription enquiry' });
      await button(form, 'Save form connection').click();
      await see(form.getByText('Importing leads'), 'the form marked as importing leads after saving');

      await suite.app.restart();

      for (const name of PEOPLE) {
        const email = `${name.toLowerCase().replace(' ', '.')}@example.test`;
        const delivered = await suite.app.sandbox.facebookLead({
          pageId: PAGE_ID,
          formId: FORM_ID,
          fieldData: [
            { name: 'full_name', values: [name] },
            { name: 'email', values: [email] },
          ],
        });
        assert.equal(delivered.webhookStatus, 200, `the restarted app accepted the webhook for ${name}`);
      }
      await seeContacts(page, PEOPLE);

      await openFromCatalog(page, 'Facebook Lead Ads');
      await see(connectedBadge(page), 'the Connected badge after the restart');
      await see(leadForms.getByRole('article', { name: 'Coffee subscription enquiry' }), 'the mapped form after the restart');
      await notSee(page.getByText(/Reconnect/), '"Reconnect needed" after the restart');
    });
  });
});
