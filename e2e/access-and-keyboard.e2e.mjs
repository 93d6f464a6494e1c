// Who may see the Integrations area (DESIGN §3) and whether a keyboard-only person can use it (§6, §9),
// checked with axe-core on the catalog, a detail page and the disconnect dialog. This file also writes
// the README screenshots (e2e/screenshots/*.png, 1280×800).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext } from './support/browser.mjs';
import { ADMIN, AGENT, button, closed, connectedBadge, notSee, see, signIn, toolsNav } from './support/person.mjs';
import { axeViolations, focused, screenshot, tabTo } from './support/probes.mjs';

/**
 * @param {import('./support/probes.mjs').AxeFinding[]} violations
 * @param {string} where
 */
function assertNoSeriousViolations(violations, where) {
  assert.deepEqual(
    violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element(s))`),
    [],
    `axe-core found serious or critical violations on ${where}`,
  );
}

describe(`access and keyboard (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('17.9 a signed-out visit shows the sign-in page with no console error and no WARN from the app', async () => {
    await inContext(suite.browser, suite.app, 'signed out visit', async (context) => {
      const page = await context.newPage();
      /** @type {string[]} */
      const consoleErrors = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      const appOutputBefore = suite.app.output().length;
      await page.goto('/integrations');
      await see(page.getByRole('button', { name: 'Sign in' }), 'the sign-in page');
      await page.waitForLoadState('networkidle');

      assert.deepEqual(consoleErrors, [], 'the browser logged no error (the session probe does not answer 401)');
      const appLines = suite.app.output().slice(appOutputBefore);
      assert.doesNotMatch(appLines, /"level":(40|50)/, 'the app logged no WARN or ERROR for a signed-out page load');
    });
  });

  it('8. an agent has no Integrations in the sidebar and is told which role the page needs', async () => {
    await inContext(suite.browser, suite.app, 'agent', async (context) => {
      const page = await context.newPage();
      await signIn(page, AGENT);
      const nav = toolsNav(page);
      await see(nav.getByRole('link', { name: 'Contacts', exact: true }), 'the Contacts link in the sidebar');
      await see(page.getByRole('heading', { name: 'Contacts', level: 1 }), 'the Contacts page (where agents land)');
      assert.equal(await nav.getByRole('link', { name: 'Integrations' }).count(), 0, 'agents have no Integrations link');
      assert.equal(
        await page.getByRole('link', { name: 'Integrations', exact: true }).count(),
        0,
        'no Integrations link anywhere',
      );

      await page.goto('/integrations/hubspot');
      await see(page.getByRole('heading', { name: /Channels Administrator/, level: 1 }), 'a page naming the required role');
      assert.equal(new URL(page.url()).pathname, '/integrations/hubspot', 'the address the agent asked for is kept');
      assert.equal(await button(page, 'Connect').count(), 0, 'no Connect button for an agent');
      assert.equal(await page.getByRole('heading', { name: 'HubSpot' }).count(), 0, 'the integration itself is not shown');

      await page.goto('/integrations');
      await see(
        page.getByRole('heading', { name: /Channels Administrator/, level: 1 }),
        'the required-role page for the catalog',
      );
      assert.equal(await page.getByLabel('Search integrations').count(), 0, 'the catalog is not shown to an agent');

      await button(page, 'Sign out').click();
      await page.waitForURL((url) => url.pathname === '/login');
      await see(button(page, 'Sign in'), 'the sign-in form after signing out');
    });
  });

  it('10. keyboard only: sign in, reach Connect, open the disconnect dialog and close it with Esc; axe finds nothing serious', async () => {
    await inContext(suite.browser, suite.app, 'keyboard and axe', async (context) => {
      const page = await context.newPage();
      await page.goto('/login');
      await tabTo(page, (f) => f.text === 'Email', 'the Email field');
      await page.keyboard.type(ADMIN.email);
      await tabTo(page, (f) => f.text === 'Password', 'the Password field');
      await page.keyboard.type(ADMIN.password);
      await page.keyboard.press('Enter');
      await see(page.getByRole('heading', { name: 'Integrations', level: 1 }), 'the Integrations catalog after signing in');
      await see(page.getByRole('link').filter({ hasText: 'Google Sheets' }), 'the Google Sheets card');

      assertNoSeriousViolations(await axeViolations(page, 'catalog'), 'the catalog');

      await tabTo(page, (f) => f.tag === 'a' && f.text.startsWith('Google Sheets'), 'the Google Sheets card');
      await page.keyboard.press('Enter');
      await see(page.getByRole('heading', { name: 'Google Sheets', level: 1 }), 'the Google Sheets detail page');
      await see(page.getByRole('region', { name: 'Recent activity' }), 'the Recent activity section');
      assertNoSeriousViolations(await axeViolations(page, 'detail page, disconnected'), 'the detail page (disconnected)');

      await tabTo(page, (f) => f.tag === 'button' && f.text === 'Connect', 'the Connect button');
      const popupOpened = page.waitForEvent('popup');
      await page.keyboard.press('Enter');
      const popup = await popupOpened;
      await see(button(popup, 'Authorize'), 'the consent page in the popup');
      const onAuthorize = await focused(popup);
      if (onAuthorize.text !== 'Authorize') await tabTo(popup, (f) => f.text === 'Authorize', 'Authorize in the popup');
      await popup.keyboard.press('Enter');
      await closed(popup);

      await see(connectedBadge(page), 'the Connected badge');
      await see(button(page, 'Disconnect'), 'the Disconnect button');
      // Connect is gone once connected: focus lands on the heading next to the new status, not on <body>.
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1').catch(() => undefined);
      assert.deepEqual(
        await focused(page).then(({ tag, text }) => ({ tag, text })),
        { tag: 'h1', text: 'Google Sheets' },
        'focus after a keyboard Connect',
      );
      assertNoSeriousViolations(await axeViolations(page, 'detail page, connected'), 'the detail page (connected)');
      await screenshot(page, 'detail-connected');

      await tabTo(page, (f) => f.tag === 'button' && f.text === 'Disconnect' && !f.inDialog, 'the Disconnect button');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Disconnect Google Sheets?' });
      await see(dialog, 'the disconnect dialog');
      await see(button(dialog, 'Close'), 'the dialog buttons');
      const first = await focused(page);
      assert.ok(first.inDialog, `focus moves into the dialog when it opens (it is on ${first.tag} "${first.text}")`);
      assertNoSeriousViolations(await axeViolations(page, 'disconnect dialog'), 'the disconnect dialog');
      await screenshot(page, 'disconnect-dialog');
      for (let i = 0; i < 4; i += 1) {
        await page.keyboard.press('Tab');
        const now = await focused(page);
        assert.ok(now.inDialog, `Tab keeps focus inside the dialog (press ${i + 1} went to ${now.tag} "${now.text}")`);
      }
      await page.keyboard.press('Shift+Tab');
      assert.ok((await focused(page)).inDialog, 'Shift+Tab keeps focus inside the dialog');

      await page.keyboard.press('Escape');
      await notSee(page.getByRole('dialog'), 'the dialog after Esc');
      await see(connectedBadge(page), 'the Connected badge (Esc does not disconnect)');
      const back = await focused(page);
      assert.deepEqual(
        { tag: back.tag, text: back.text, inDialog: back.inDialog },
        { tag: 'button', text: 'Disconnect', inDialog: false },
        'focus returns to the Disconnect button that opened the dialog',
      );

      await tabTo(page, (f) => f.tag === 'a' && f.text === 'Back to integrations', '"Back to integrations"', 60);
      await page.keyboard.press('Enter');
      await see(page.getByRole('heading', { name: 'Integrations', level: 1 }), 'the catalog again');
      const sheetsCard = page.getByRole('link').filter({ has: page.getByText('Google Sheets', { exact: true }) });
      await see(sheetsCard.getByText('Connected', { exact: true }), 'the Connected badge on the Google Sheets card');
      await page.mouse.move(0, 0);
      await screenshot(page, 'catalog');
    });
  });
});
