// Settings › API keys end to end (DESIGN §13): a Channels Administrator creates a key (shown once, then
// only its prefix), a service uses it, the admin revokes it and the service is refused at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appAndBrowser, inContext } from './support/browser.mjs';
import { ADMIN, button, notSee, see, signIn } from './support/person.mjs';
import { axeViolations } from './support/probes.mjs';

/**
 * What a service does with the key: read the catalog.
 * @param {import('./support/app.mjs').App} app
 * @param {string} key
 */
const useKey = (app, key) => fetch(`${app.url}/api/v1/integrations`, { headers: { Authorization: `Bearer ${key}` } });

describe(`Settings › API keys (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('11. create a key shown once, use it from a service, revoke it → 401; no axe violations', async () => {
    await inContext(suite.browser, suite.app, 'settings api keys', async (context) => {
      const page = await context.newPage();
      await signIn(page, ADMIN);
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'API keys' }).click();
      await see(page.getByRole('heading', { name: 'API keys', level: 1 }), 'the API keys page');
      await see(page.getByText('No API keys yet'), 'the empty list');
      assert.deepEqual(await axeViolations(page, 'api keys (empty)'), [], 'axe-core violations on the API keys page');

      await page.getByLabel('Name').fill('Billing sync');
      await page.getByLabel(/^integrations:read/).check();
      await button(page, 'Create API key').click();
      const secret = page.getByLabel('The new API key');
      await see(secret, 'the new key, shown once');
      const key = await secret.inputValue();
      assert.match(key, /^aur_/);
      assert.deepEqual(await axeViolations(page, 'api keys (key shown)'), [], 'axe-core violations with the key shown');

      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Billing sync' }) });
      await see(row, 'the new key in the list');
      const prefix = ((await row.getByRole('cell').first().textContent()) ?? '').trim();
      assert.ok(prefix.endsWith('…') && key.startsWith(prefix.slice(0, -1)), `the list shows the key's prefix (${prefix})`);
      await see(row.getByText('by Ada Admin'), 'who created it');

      assert.equal((await useKey(suite.app, key)).status, 200, 'a service can use the key');

      await button(page, 'Done').click();
      await notSee(page.getByLabel('The new API key'), 'the key once dismissed');
      await page.reload();
      await see(row, 'the key in the list after a reload');
      assert.ok(!(await page.content()).includes(key), 'the key itself is never shown again');
      assert.equal(await row.getByText('Never').count(), 0, 'the service’s use is shown as the last use');

      await row.getByRole('button', { name: 'Revoke Billing sync' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke Billing sync?' });
      await see(dialog, 'the revoke confirmation');
      assert.deepEqual(await axeViolations(page, 'revoke dialog'), [], 'axe-core violations on the revoke dialog');
      await button(dialog, 'Revoke').click();
      await notSee(dialog, 'the dialog after revoking');
      await notSee(row, 'the revoked key in the list');

      assert.equal((await useKey(suite.app, key)).status, 401, 'the revoked key is refused at once');
    });
  });
});
