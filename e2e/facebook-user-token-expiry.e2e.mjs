// Meta's long-lived user token expires after ~60 days (DESIGN §8): it only lists Pages and adds forms,
// so the Lead Ads panel asks for a reconnect to manage forms, says since when, and keeps the saved form —
// while a new lead, read with the Page's own token, still becomes a contact.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext, WAIT_MS } from './support/browser.mjs';
import { ADMIN, button, connectViaPopup, notSee, openFromCatalog, see, signIn, toolsNav } from './support/person.mjs';

const PAGE_ID = '1000001';
const FORM_ID = '2000001';
const LEAD = { name: 'Expired Token Lead', email: 'expired.token@example.test' };
const utcDay = () => new Date().toISOString().slice(0, 10);

describe(`Facebook Lead Ads: the user token expires (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('says "Reconnect to manage forms — leads keep arriving" with the date, and a new lead still becomes a contact', async () => {
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

      const dayBefore = utcDay();
      const { aged } = await suite.app.sandbox.ageFacebookUserTokens();
      assert.ok(aged >= 1, 'the sandbox aged the user token');
      await page.reload();

      const notice = leadForms.getByRole('status').filter({ hasText: 'Reconnect to manage forms — leads keep arriving' });
      await see(notice, 'the notice that forms cannot be managed until a reconnect');
      const text = (await notice.innerText()).replace(/\s+/g, ' ');
      const days = [dayBefore, utcDay()];
      assert.ok(
        days.some((day) => text.includes(`The Facebook sign-in expired on ${day}`)),
        `the notice gives the expiry date (${days.join(' or ')}): ${text}`,
      );
      await see(leadForms.getByText('Coffee subscription enquiry'), 'the saved form is still listed');
      await notSee(leadForms.getByText('Reconnect Facebook to continue'), 'no claim that everything stopped');
      await notSee(leadForms.getByLabel('Facebook Page'), 'no Page picker while Pages cannot be listed');

      const delivered = await suite.app.sandbox.facebookLead({
        pageId: PAGE_ID,
        formId: FORM_ID,
        fieldData: [
          { name: 'full_name', values: [LEAD.name] },
          { name: 'email', values: [LEAD.email] },
        ],
      });
      assert.equal(delivered.webhookStatus, 200, 'the app accepted the signed leadgen webhook');

      await toolsNav(page).getByRole('link', { name: 'Contacts', exact: true }).click();
      await see(page.getByRole('heading', { name: 'Contacts', level: 1 }), 'the Contacts page');
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: LEAD.name, exact: true }) });
      const deadline = Date.now() + WAIT_MS;
      while (!(await row.isVisible())) {
        if (Date.now() > deadline) assert.fail(`no contact named "${LEAD.name}" on the Contacts page`);
        await page.waitForTimeout(500);
        await page.reload();
      }
      await see(row.getByText(LEAD.email), "the lead's email in the contact row");
    });
  });
});
