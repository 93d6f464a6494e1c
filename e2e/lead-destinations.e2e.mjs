// Slack lead alerts and Google Sheets lead rows end to end (issue 16): connect through the sandbox, pick
// a channel / a spreadsheet and sheet in the content area, save, send a test, see a refusal said in plain
// words, and find what arrived in the sandbox's control log. Writes both content areas' screenshots.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext, PHONE_VIEWPORT, WAIT_MS } from './support/browser.mjs';
import { ADMIN, button, connectViaPopup, openFromCatalog, see, signIn } from './support/person.mjs';
import { axeViolations, screenshot } from './support/probes.mjs';

/**
 * @param {import('./support/app.mjs').App} app
 * @param {string} type
 */
async function logged(app, type) {
  const log = /** @type {{ type: string, data?: Record<string, unknown> }[]} */ (await app.sandbox.log());
  return log.filter((entry) => entry.type === type);
}

describe(`lead destinations (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('Slack: pick #leads, save, send a test message, and hear plainly when the channel is gone', async () => {
    await inContext(suite.browser, suite.app, 'slack lead alerts', async (context) => {
      const page = await context.newPage();
      await signIn(page, ADMIN);
      await openFromCatalog(page, 'Slack');
      await connectViaPopup(page, suite.app, 'Slack');
      const alerts = page.getByRole('region', { name: 'Lead alerts' });
      await see(alerts.getByLabel('Channel', { exact: true }), 'the channel picker');
      await alerts.getByLabel('Search channels').fill('lead');
      const channel = alerts.getByLabel('Channel', { exact: true });
      // Options of a closed select are never "visible": wait until the search has narrowed the list instead.
      const narrowed = 'Pick a channel|#leads|#vip-leads (private)';
      const deadline = Date.now() + WAIT_MS;
      while ((await channel.locator('option').allTextContents()).map((text) => text.trim()).join('|') !== narrowed) {
        if (Date.now() > deadline) assert.fail(`the channel search did not narrow the list to ${narrowed}`);
        await page.waitForTimeout(100);
      }
      await channel.selectOption({ label: '#leads' });
      await see(alerts.getByText('Preview in #leads'), 'the message preview naming the channel');
      await button(alerts, 'Save').click();
      await see(alerts.getByText('Saved. New leads will be sent from now on.'), 'the save confirmation');
      await button(alerts, 'Send test message').click();
      await see(alerts.getByText('A test message was posted to #leads.'), 'the test confirmation');
      const messages = await logged(suite.app, 'slack_message');
      assert.equal(messages.length, 1);
      assert.equal(messages[0].data?.channel, 'C0LEADS0001');
      await page.mouse.move(0, 0);
      await screenshot(page, 'slack-lead-alerts');
      assert.deepEqual(
        (await axeViolations(page, 'slack lead alerts')).map((v) => `${v.impact} ${v.id}`),
        [],
      );

      await suite.app.sandbox.apiError({ providerKey: 'slack', method: 'chat.postMessage', error: 'channel_not_found' });
      await button(alerts, 'Send test message').click();
      await see(alerts.getByText(/The Slack channel #leads is gone/), 'the channel-gone error in plain words');
    });
    await inContext(
      suite.browser,
      suite.app,
      'slack lead alerts phone',
      async (context) => {
        const page = await context.newPage();
        await signIn(page, ADMIN);
        await page.goto('/integrations/slack');
        await see(
          page.getByRole('region', { name: 'Lead alerts' }).getByLabel('Channel', { exact: true }),
          'the channel picker on a phone',
        );
        await screenshot(page, 'phone-slack-lead-alerts');
      },
      { viewport: PHONE_VIEWPORT },
    );
  });

  it('Google Sheets: pick a spreadsheet and sheet, keep the default columns, append a test row', async () => {
    await inContext(suite.browser, suite.app, 'google sheets lead rows', async (context) => {
      const page = await context.newPage();
      await signIn(page, ADMIN);
      await openFromCatalog(page, 'Google Sheets');
      await connectViaPopup(page, suite.app, 'Google Sheets');
      const rows = page.getByRole('region', { name: 'Lead rows' });
      await rows.getByLabel('Spreadsheet', { exact: true }).selectOption({ label: 'Leads 2026' });
      const files = await rows.getByLabel('Spreadsheet', { exact: true }).locator('option').allTextContents();
      assert.ok(!files.some((name) => name.includes('Leads handbook')), 'Drive documents that are not spreadsheets are left out');
      await rows.getByLabel('Sheet', { exact: true }).selectOption({ label: 'Archive' });
      await rows.getByLabel('Sheet', { exact: true }).selectOption({ label: 'Sheet1' });
      await button(rows, 'Save').click();
      await see(rows.getByText('Saved. New leads will be sent from now on.'), 'the save confirmation');
      await button(rows, 'Append a test row').click();
      await see(rows.getByText('A test row was appended to Leads 2026 / Sheet1.'), 'the test confirmation');
      const written = (await logged(suite.app, 'sheet_row')).map((r) => /** @type {string[]} */ (r.data?.values));
      assert.deepEqual(written[0], ['Received at', 'Name', 'E-mail', 'Phone', 'Form', 'Source'], 'header row first');
      assert.equal(written[1][1], 'Test Lead (from Aurora Inbox)');
      await page.mouse.move(0, 0);
      await screenshot(page, 'google-sheets-lead-rows');
      assert.deepEqual(
        (await axeViolations(page, 'google sheets lead rows')).map((v) => `${v.impact} ${v.id}`),
        [],
      );
    });
    await inContext(
      suite.browser,
      suite.app,
      'google sheets lead rows phone',
      async (context) => {
        const page = await context.newPage();
        await signIn(page, ADMIN);
        await page.goto('/integrations/google-sheets');
        await see(
          page.getByRole('region', { name: 'Lead rows' }).getByLabel('Spreadsheet', { exact: true }),
          'the spreadsheet picker on a phone',
        );
        await screenshot(page, 'phone-google-sheets-lead-rows');
      },
      { viewport: PHONE_VIEWPORT },
    );
  });
});
