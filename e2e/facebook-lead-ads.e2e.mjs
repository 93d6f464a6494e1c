// Facebook Lead Ads end to end (DESIGN §8): connect through the sandbox, pick a Page and a lead form, map
// its questions to contact fields, let the sandbox deliver a signed leadgen webhook, and find the lead on
// the Contacts page — still there after Facebook is disconnected. Also writes the mapping screenshot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext, WAIT_MS } from './support/browser.mjs';
import { ADMIN, button, connectViaPopup, notSee, openFromCatalog, see, signIn, toolsNav } from './support/person.mjs';
import { axeViolations, screenshot } from './support/probes.mjs';

const PAGE_ID = '1000001';
const FORM_ID = '2000001';
const LEAD = {
  name: 'Linus E2E Torvalds',
  email: 'linus.e2e@example.test',
  phone: '+1 555 0100',
};

/**
 * Opens Contacts from the sidebar and reloads it (as a person would) until `name` is listed.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {string} what
 */
async function seeContact(page, name, what) {
  await toolsNav(page).getByRole('link', { name: 'Contacts', exact: true }).click();
  await see(page.getByRole('heading', { name: 'Contacts', level: 1 }), 'the Contacts page');
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const deadline = Date.now() + WAIT_MS;
  while (!(await row.isVisible())) {
    if (Date.now() > deadline) assert.fail(`${what}: no contact named "${name}" on the Contacts page`);
    await page.waitForTimeout(500);
    await page.reload();
    await see(page.getByRole('heading', { name: 'Contacts', level: 1 }), 'the Contacts page');
  }
  return row;
}

describe(`Facebook Lead Ads (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('9. connect, map a form, a lead arrives as a contact and is kept after disconnecting', async () => {
    await inContext(suite.browser, suite.app, 'facebook lead ads', async (context) => {
      const page = await context.newPage();
      await signIn(page, ADMIN);
      await openFromCatalog(page, 'Facebook Lead Ads');
      await connectViaPopup(page, suite.app, 'Facebook Lead Ads');

      const leadForms = page.getByRole('region', { name: 'Lead forms' });
      await see(leadForms, 'the "Lead forms" section after connecting');
      await see(leadForms.getByLabel('Facebook Page'), 'the Facebook Page picker');
      await leadForms.getByLabel('Facebook Page').selectOption({ label: 'Aurora Coffee Roasters' });
      const form = leadForms.getByRole('article', { name: 'Coffee subscription enquiry' });
      await see(form, 'the "Coffee subscription enquiry" lead form of that Page');
      await see(form.getByText('Not imported'), 'the form is not imported yet');

      // Sensible defaults are preselected (DESIGN §8); the custom question goes to a custom attribute.
      assert.equal(await form.getByLabel('Full name').inputValue(), 'name', 'full_name maps to the name by default');
      assert.equal(await form.getByLabel('Email', { exact: true }).inputValue(), 'email', 'email maps to email by default');
      assert.equal(await form.getByLabel('Phone number').inputValue(), 'phone', 'phone_number maps to phone by default');
      await form.getByLabel('When should we call you?').selectOption({ label: 'Custom: preferred_contact_time' });
      await form.scrollIntoViewIfNeeded();
      await page.mouse.move(0, 0);
      await screenshot(page, 'lead-ads-mapping');
      assert.deepEqual(
        (await axeViolations(page, 'lead ads mapping')).map((v) => `${v.impact} ${v.id}: ${v.help}`),
        [],
        'axe-core found serious or critical violations on the Lead Ads mapping',
      );
      await button(form, 'Save form connection').click();
      await see(form.getByText('Importing leads'), 'the form marked as importing leads after saving');
      await see(
        form.getByRole('status').getByText('Leads from Coffee subscription enquiry will arrive as contacts.'),
        'a save confirmation naming the form',
      );

      const delivered = await suite.app.sandbox.facebookLead({
        pageId: PAGE_ID,
        formId: FORM_ID,
        fieldData: [
          { name: 'full_name', values: [LEAD.name] },
          { name: 'email', values: [LEAD.email] },
          { name: 'phone_number', values: [LEAD.phone] },
          { name: 'preferred_contact_time', values: ['Evening'] },
        ],
      });
      assert.ok(delivered.leadId, 'the sandbox created the lead');
      assert.equal(delivered.webhookStatus, 200, 'the app accepted the signed leadgen webhook');

      const row = await seeContact(page, LEAD.name, 'after the lead was delivered');
      await see(row.getByText(LEAD.email), "the lead's email in the contact row");
      await see(row.getByText(LEAD.phone), "the lead's phone in the contact row");
      await see(row.getByText(/facebook/i), "the contact's source (Facebook Lead Ads)");

      await openFromCatalog(page, 'Facebook Lead Ads');
      await button(page, 'Disconnect').click();
      const dialog = page.getByRole('dialog');
      await see(dialog, 'the disconnect dialog');
      await see(dialog.getByText(/lead form connections and their field mappings are removed/), 'what else a disconnect removes');
      await button(dialog, 'Disconnect').click();
      await notSee(page.getByRole('dialog'), 'the dialog after confirming');
      await see(button(page, 'Connect'), 'Connect after disconnecting');
      await notSee(page.getByRole('region', { name: 'Lead forms' }), 'the Lead forms section once disconnected');

      await seeContact(page, LEAD.name, 'after disconnecting (imported contacts are kept)');
    });
  });
});
