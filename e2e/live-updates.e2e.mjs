// Live updates across browsers (DESIGN §12): two Channels Administrators of one account in two
// browsers — what one connects, and a lead arriving, show up in the other's open page without a reload.
// An admin of another account, watching the same pages, is told nothing.
// Nothing is injected: the app records the connect and the lead in its event log, and the stream carries them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext } from './support/browser.mjs';
import { ADMIN, assertGreen, button, connectViaPopup, openFromCatalog, see, signIn, toolsNav } from './support/person.mjs';
import { setMarker } from './support/probes.mjs';
import { createAdmin, demoAccountId } from './support/people.mjs';

/** The promise: another browser shows the change within 2 s. */
const LIVE_MS = 2000;
const STREAM = '/api/v1/events/stream';

/**
 * Signs in and waits until the page's live stream is open, so what happens next reaches it.
 * @param {import('playwright-core').Page} page
 * @param {{ email: string, password: string }} person
 */
async function signInLive(page, person) {
  const streamOpened = page.waitForResponse((response) => new URL(response.url()).pathname === STREAM);
  await signIn(page, person);
  assert.equal((await streamOpened).status(), 200, 'the live stream opened');
}

/**
 * API reads a page makes from now on (a page told about a change re-reads what it shows).
 * @param {import('playwright-core').Page} page
 */
function countReads(page) {
  /** @type {string[]} */
  const reads = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/v1/') && path !== STREAM) reads.push(path);
  });
  return reads;
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
function catalogCard(page, name) {
  return page.getByRole('link').filter({ has: page.getByText(name, { exact: true }) });
}

describe(`Live updates between browsers (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('12. a connect turns the other admin’s badge green and a lead reaches their Contacts; another account sees nothing', async () => {
    const { browser, app } = suite;
    const accountId = await demoAccountId(app);
    const colleague = await createAdmin(app, { name: 'Cora Colleague', accountId });
    const stranger = await createAdmin(app, { name: 'Sam Stranger' });

    await inContext(browser, app, 'live stranger', async (strangerContext) => {
      const strangerPage = await strangerContext.newPage();
      await signInLive(strangerPage, stranger);
      await see(catalogCard(strangerPage, 'HubSpot'), 'the catalog of the other account');
      const strangerReads = countReads(strangerPage);

      await inContext(browser, app, 'live colleague', async (colleagueContext) => {
        const colleaguePage = await colleagueContext.newPage();
        await signInLive(colleaguePage, colleague);
        const hubspotCard = catalogCard(colleaguePage, 'HubSpot');
        await see(hubspotCard, 'the HubSpot card in the colleague’s catalog');
        assert.equal(await hubspotCard.getByText('Connected', { exact: true }).count(), 0, 'HubSpot starts disconnected');
        const stillSamePage = await setMarker(colleaguePage);

        await inContext(browser, app, 'live admin', async (adminContext) => {
          const adminPage = await adminContext.newPage();
          await signIn(adminPage, ADMIN);
          await openFromCatalog(adminPage, 'HubSpot');
          await connectViaPopup(adminPage, app, 'HubSpot');

          const badge = hubspotCard.getByText('Connected', { exact: true });
          await see(badge, 'the Connected badge in the colleague’s catalog, without a reload', LIVE_MS);
          await assertGreen(badge, 'the colleague’s HubSpot badge');
          await stillSamePage('after the connect reached the colleague');

          // The colleague watches Contacts while the admin sets up Lead Ads and a lead comes in.
          await toolsNav(colleaguePage).getByRole('link', { name: 'Contacts', exact: true }).click();
          await see(colleaguePage.getByRole('heading', { name: 'Contacts', level: 1 }), 'the colleague’s Contacts page');
          await setLeadFormUp(adminPage, app);
          const lead = await app.sandbox.facebookLead({
            pageId: '1000001',
            formId: '2000001',
            fieldData: [
              { name: 'full_name', values: ['Grace Live'] },
              { name: 'email', values: ['grace.live@example.test'] },
            ],
          });
          assert.equal(lead.webhookStatus, 200, 'the app took the lead');
          await see(
            colleaguePage.getByRole('rowheader', { name: 'Grace Live', exact: true }),
            'the lead on the colleague’s Contacts page, without a reload',
            LIVE_MS,
          );
          await stillSamePage('after the lead reached the colleague');
        });
      });

      await see(catalogCard(strangerPage, 'HubSpot'), 'the other account’s catalog, still open');
      assert.equal(await catalogCard(strangerPage, 'HubSpot').getByText('Connected', { exact: true }).count(), 0);
      assert.deepEqual(strangerReads, [], 'the other account’s page was told of nothing, so it re-read nothing');
    });
  });
});

/**
 * Connects Facebook Lead Ads and saves the sandbox's lead form with its default mapping.
 * @param {import('playwright-core').Page} page
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
