// Meta's long-lived user token expires after ~60 days (DESIGN §8): it only lists Pages and adds forms,
// so the Lead Ads panel asks for a reconnect to manage forms, says since when, and keeps the saved form —
// while a new lead, read with the Page's own token, still becomes a contact. Reconnect on the notice
// renews the sign-in over the live connection: the notice goes, the Pages are listed, the form stays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext, WAIT_MS } from './support/browser.mjs';
import {
  ADMIN,
  button,
  clickConnectAndGetConsent,
  closed,
  connectViaPopup,
  notSee,
  openFromCatalog,
  see,
  signIn,
  toolsNav,
} from './support/person.mjs';

const PAGE_ID = '1000001';
const FORM_ID = '2000001';
const LEAD = { name: 'Expired Token Lead', email: 'expired.token@example.test' };
const AFTER_RECONNECT = { name: 'Reconnected Lead', email: 'reconnected.lead@example.test' };
/**
 * Today as the page writes a day (the browser's locale and time zone, medium date).
 * @param {import('playwright-core').Page} page
 */
const today = (page) => page.evaluate(() => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date()));

describe(`Facebook Lead Ads: the user token expires (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  /** How many revocations the sandbox's Facebook has seen (DELETE /me/permissions). */
  const facebookRevocations = async () => {
    const log = /** @type {{ type: string, providerKey: string }[]} */ (await suite.app.sandbox.log());
    return log.filter((event) => event.type === 'revocation' && event.providerKey === 'facebook-lead-ads').length;
  };

  /**
   * A lead sent to the saved form shows up on the Contacts page.
   * @param {import('playwright-core').Page} page
   * @param {{ name: string, email: string }} lead
   */
  async function leadBecomesContact(page, lead) {
    const delivered = await suite.app.sandbox.facebookLead({
      pageId: PAGE_ID,
      formId: FORM_ID,
      fieldData: [
        { name: 'full_name', values: [lead.name] },
        { name: 'email', values: [lead.email] },
      ],
    });
    assert.equal(delivered.webhookStatus, 200, 'the app accepted the signed leadgen webhook');

    await toolsNav(page).getByRole('link', { name: 'Contacts', exact: true }).click();
    await see(page.getByRole('heading', { name: 'Contacts', level: 1 }), 'the Contacts page');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: lead.name, exact: true }) });
    // A lead may wait out one inbox retry (a few seconds) before it is imported: allow for it.
    const deadline = Date.now() + 3 * WAIT_MS;
    while (!(await row.isVisible())) {
      if (Date.now() > deadline) assert.fail(`no contact named "${lead.name}" on the Contacts page`);
      await page.waitForTimeout(500);
      await page.reload();
    }
    await see(row.getByText(lead.email), "the lead's email in the contact row");
  }

  it('says "Reconnect to manage forms — leads keep arriving" with the date, keeps importing, and Reconnect renews the sign-in', async () => {
    await inContext(suite.browser, suite.app, 'facebook user token expiry', async (context) => {
      const page = await context.newPage();
      await signIn(page, ADMIN);
      await openFromCatalog(page, 'Facebook Lead Ads');
      await connectViaPopup(page, suite.app, 'Facebook Lead Ads');

      const leadForms = page.getByRole('region', { name: 'Lead forms' });
      await see(leadForms.getByLabel('Facebook Page'), 'the Facebook Page picker');
      const form = leadForms.getByRole('article', { name: 'Coffee subscription enquiry' });
      await see(form, 'the "Coffee subscription enquiry" lead form');
      await button(form, 'Save form connection').click();
      await see(form.getByText('Importing leads'), 'the form imports leads after saving');

      const dayBefore = await today(page);
      const { aged } = await suite.app.sandbox.ageFacebookUserTokens();
      assert.ok(aged >= 1, 'the sandbox aged the user token');
      await page.reload();

      const notice = leadForms.getByRole('status').filter({ hasText: 'Reconnect to manage forms — leads keep arriving' });
      await see(notice, 'the notice that forms cannot be managed until a reconnect');
      // The day comes from the access read the panel repeats once the Pages call found the sign-in expired.
      await see(notice.getByText(/The Facebook sign-in expired on/), 'the day the sign-in expired, on the notice');
      const text = (await notice.innerText()).replace(/\s+/g, ' ');
      const days = [dayBefore, await today(page)];
      assert.ok(
        days.some((day) => text.includes(`The Facebook sign-in expired on ${day}.`)),
        `the notice gives the expiry date (${days.join(' or ')}): ${text}`,
      );
      assert.equal(text.split('Reconnect to manage forms').length - 1, 1, `the notice says its headline once: ${text}`);
      await see(leadForms.getByText('Coffee subscription enquiry'), 'the saved form is still listed');
      await notSee(leadForms.getByText('Reconnect Facebook to continue'), 'no claim that everything stopped');
      await notSee(leadForms.getByLabel('Facebook Page'), 'no Page picker while Pages cannot be listed');

      await leadBecomesContact(page, LEAD);

      // Back to the panel: Reconnect on the notice, consent in the popup, and the same connection goes on.
      await openFromCatalog(page, 'Facebook Lead Ads');
      await see(notice, 'the notice, again on the panel');
      const revocationsBefore = await facebookRevocations();
      const popup = await clickConnectAndGetConsent(page, suite.app, 'Facebook Lead Ads', button(notice, 'Reconnect'));
      await button(popup, 'Authorize').click();
      await closed(popup);
      await see(leadForms.getByLabel('Facebook Page'), 'the Page picker: Pages are listed again');
      await notSee(leadForms.getByText('Reconnect to manage forms — leads keep arriving'), 'the notice is gone');
      await see(form.getByText('Importing leads'), 'the saved form is still there and importing');
      assert.equal(await facebookRevocations(), revocationsBefore, 'the reconnect revoked nothing at Facebook');
      await leadBecomesContact(page, AFTER_RECONNECT);
    });
  });
});
