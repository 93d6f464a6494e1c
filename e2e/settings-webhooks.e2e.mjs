// Settings › Webhooks end to end (DESIGN §13): a Channels Administrator adds an endpoint that points at a
// real HTTP receiver on loopback (allowed outside production), copies the secret shown once, sends a test
// event; the receiver gets it signed as Standard Webhooks says, and the page lists the delivery as delivered.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { appAndBrowser, inContext } from './support/browser.mjs';
import { ADMIN, button, notSee, see, signIn } from './support/person.mjs';
import { axeViolations } from './support/probes.mjs';

/** @typedef {{ headers: Record<string, string>, body: string }} Received */

/**
 * A local service that takes every POST with 204 and hands over the first one of `type`.
 * @param {string} type
 */
async function startReceiver(type) {
  /** @type {(message: Received) => void} */
  let deliver = () => {};
  /** @type {Promise<Received>} */
  const received = new Promise((resolve) => (deliver = resolve));
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.writeHead(204).end();
      if (JSON.parse(body).type === type) {
        deliver({ headers: /** @type {Record<string, string>} */ (request.headers), body });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}/aurora-hooks`, received, close: () => server.close() };
}

describe(`Settings › Webhooks (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();

  it('13. add an endpoint (secret shown once), send a test event → the receiver verifies it, the page shows it delivered; no axe violations', async () => {
    const receiver = await startReceiver('webhook.test');
    try {
      await inContext(suite.browser, suite.app, 'settings webhooks', async (context) => {
        const page = await context.newPage();
        await signIn(page, ADMIN);
        await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
        await see(page.getByRole('heading', { name: 'Webhooks', level: 1 }), 'the Webhooks page');
        await see(page.getByText('No endpoints yet'), 'the empty list');
        assert.deepEqual(await axeViolations(page, 'webhooks (empty)'), [], 'axe-core violations on the Webhooks page');

        await page.getByLabel('Endpoint URL').fill(receiver.url);
        await button(page, 'Add endpoint').click();
        const secretField = page.getByLabel('The signing secret');
        await see(secretField, 'the signing secret, shown once');
        const secret = await secretField.inputValue();
        assert.match(secret, /^whsec_/);
        assert.deepEqual(await axeViolations(page, 'webhooks (secret shown)'), [], 'axe-core violations with the secret shown');
        await button(page, 'Done').click();
        await notSee(secretField, 'the secret once dismissed');

        const card = page.getByRole('article', { name: receiver.url });
        await see(card, 'the new endpoint');
        await see(card.getByText('Enabled', { exact: true }), 'the endpoint enabled');
        await button(card, 'Send test event').click();

        const { headers, body } = await receiver.received;
        const verified = /** @type {{ type: string }} */ (new Webhook(secret).verify(body, headers));
        assert.equal(verified.type, 'webhook.test', 'the receiver verified the signature with the secret shown once');
        assert.ok(headers['webhook-id'], 'the message carries its webhook-id');

        // The attempt is recorded just after the receiver answered: re-open the list (as a person would) until
        // it shows the outcome, a bounded number of times.
        const deliveries = card.getByRole('region', { name: `Deliveries to ${receiver.url}` });
        const row = deliveries.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'webhook.test' }) });
        await see(row, 'the test event in the recent deliveries');
        for (let reopened = 0; (await row.getByText('Delivered', { exact: true }).count()) === 0; reopened++) {
          assert.ok(reopened < 20, 'the delivery is shown as delivered');
          await button(card, 'Hide deliveries').click();
          await button(card, 'Recent deliveries').click();
          await see(row, 'the test event in the reloaded deliveries');
        }
        await see(row.getByText(/: HTTP 204, \d+ ms$/), 'the receiver’s answer as the last attempt');
        assert.equal(((await row.getByRole('cell').nth(1).textContent()) ?? '').trim(), '1', 'delivered on the first attempt');
        assert.deepEqual(await axeViolations(page, 'webhooks (deliveries)'), [], 'axe-core violations with the deliveries shown');

        assert.ok(!(await page.content()).includes(secret), 'the secret is not on the page any more');

        await button(card, `Delete ${receiver.url}`).click();
        const dialog = page.getByRole('dialog', { name: 'Delete webhook endpoint?' });
        await see(dialog, 'the delete confirmation');
        assert.deepEqual(await axeViolations(page, 'delete dialog'), [], 'axe-core violations on the delete dialog');
        await button(dialog, 'Delete').click();
        await notSee(dialog, 'the dialog after deleting');
        await see(page.getByText('No endpoints yet'), 'the list empty again');
      });
    } finally {
      receiver.close();
    }
  });
});
