// Connection health as a Channels Administrator sees it (DESIGN §11): Test connection says in plain words
// that the connection works; after the provider ends the grant (the user removed the app there), the
// next test names the reason, the page offers Reconnect, the catalog card says so, and Reconnect repairs it.
import { describe, it } from 'node:test';
import { appAndBrowser, inContext } from './support/browser.mjs';
import { ADMIN, button, connectedBadge, closed, connectViaPopup, openFromCatalog, see, signIn } from './support/person.mjs';

/**
 * The sandbox's control call for "the user revoked the app at the provider".
 * @param {string} sandboxUrl
 * @param {string} providerKey
 */
async function revokeAtProvider(sandboxUrl, providerKey) {
  const response = await fetch(`${sandboxUrl}/control/revoke-grants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ providerKey }),
  });
  if (!response.ok) throw new Error(`revoke-grants answered ${response.status}`);
}

describe(`connection health in Chromium (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('Test connection shows healthy; after the provider revokes the grant it shows the reason and Reconnect', async () => {
    const { browser, app } = suite;
    await inContext(browser, app, 'connection health', async (context) => {
      const page = await context.newPage();
      await signIn(page, ADMIN);
      await openFromCatalog(page, 'Pipedrive');
      await connectViaPopup(page, app, 'Pipedrive');

      const health = page.getByRole('region', { name: 'Connection health' });
      await see(health.getByText('Working', { exact: true }), 'the healthy state in the health panel');
      await button(health, 'Test connection').click();
      await see(health.getByText('Test passed: Pipedrive answered and accepted the saved access.'), 'the passed test');

      // What services can do now: the example copies whole, and Try it goes through the proxy as the connection.
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
      const service = page.getByRole('region', { name: 'Use it from a service' });
      await button(service, 'Copy example').click();
      await see(service.getByText('Copied to the clipboard.'), 'the copy confirmation');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const expected = `curl -H "Authorization: Bearer $AURORA_API_KEY" "${app.url}/api/v1/integrations/pipedrive/proxy/v1/persons"`;
      if (copied !== expected) throw new Error(`copied ${JSON.stringify(copied)}, expected ${JSON.stringify(expected)}`);
      await button(service, 'Send').click();
      await see(service.locator('[data-test="try-status"]').getByText('200', { exact: true }), 'the proxied answer’s status');

      await revokeAtProvider(app.sandboxUrl, 'pipedrive');
      await button(health, 'Test connection').click();
      await see(health.getByText('Test failed: Pipedrive no longer accepts the saved access.'), 'the failed test');
      await see(health.getByText('Reconnect Pipedrive', { exact: true }), 'the Reconnect warning');
      await see(health.getByText(/refused the stored access token/), 'the reason the provider gave');
      await see(button(page, 'Reconnect'), 'the Reconnect button in the header');

      await openFromCatalog(page, 'Pipedrive');
      const popupOpened = page.waitForEvent('popup');
      await button(page, 'Reconnect').click();
      const popup = await popupOpened;
      await button(popup, 'Authorize').click();
      await closed(popup);
      await see(connectedBadge(page), 'the Connected badge after reconnecting');
      await see(health.getByText('Working', { exact: true }), 'healthy again after reconnecting');
    });
  });

  it('the catalog card says Reconnect needed once the provider has refused the connection', async () => {
    const { browser, app } = suite;
    await inContext(browser, app, 'catalog health', async (context) => {
      const page = await context.newPage();
      await signIn(page, ADMIN);
      await openFromCatalog(page, 'Calendly');
      await connectViaPopup(page, app, 'Calendly');
      await revokeAtProvider(app.sandboxUrl, 'calendly');
      await button(page.getByRole('region', { name: 'Connection health' }), 'Test connection').click();
      await see(button(page, 'Reconnect'), 'Reconnect offered');

      await page.getByRole('link', { name: 'Back to integrations' }).click();
      const card = page.getByRole('link').filter({ has: page.getByText('Calendly', { exact: true }) });
      await see(card.getByText('Reconnect needed', { exact: true }), 'the card state in the catalog');
    });
  });
});
