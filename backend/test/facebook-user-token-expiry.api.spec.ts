import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { Connection } from '../src/integrations/connections/connection.entity';
import { BIKES_PAGE, ErrorBody, KEY, LeadAdsHarness, TEST_RIDE_FORM, person } from './support/lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

interface Access {
  userToken: { state: string; expiresAt: string | null; message: string | null };
}

/** Meta expires the long-lived user token after ~60 days; page tokens keep reading leads. */
describe(`Facebook Lead Ads: the user token expires, leads keep arriving (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;

  before(async () => {
    stack = await startTestStack();
    h = new LeadAdsHarness(stack);
    admin = await signedInAdmin(stack.app);
    await admin.connect(KEY);
    const saved = await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${TEST_RIDE_FORM}`, {
      pageId: BIKES_PAGE,
      mapping: { full_name: 'name', email: 'email', phone_number: 'phone' },
    });
    assert.equal(saved.status, 200);
  });
  after(() => stack.close());

  it('keeps importing with the page token, keeps the connection, and says what needs a reconnect and since when', async () => {
    const fresh = await h.json<Access>(admin, 'GET', `/api/v1/integrations/${KEY}/access`);
    assert.deepEqual(fresh.body.userToken.state, 'valid');
    const { aged } = await h.control<{ aged: number }>('facebook/age-user-tokens', {});
    assert.ok(aged >= 1);

    const pages = await h.json<ErrorBody>(admin, 'GET', `/api/v1/integrations/${KEY}/pages`);
    assert.equal(pages.status, 409);
    assert.equal(pages.body.error, 'user_token_expired');
    assert.match(pages.body.message, /Reconnect to manage forms — leads keep arriving/);

    const lead = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('Still Arriving', 7));
    assert.equal(lead.webhookStatus, 200);
    const contacts = await h.allContacts(admin);
    assert.deepEqual(
      contacts.map((c) => c.name),
      ['Still Arriving'],
    );

    const detail = await h.json<{ status: string; health: { state: string; lastError?: string } }>(
      admin,
      'GET',
      `/api/v1/integrations/${KEY}`,
    );
    assert.equal(detail.body.status, 'connected');
    // The health card agrees with the panel: the connection works for leads, the sign-in needs a reconnect.
    assert.equal(detail.body.health.state, 'degraded');
    assert.match(detail.body.health.lastError ?? '', /Facebook sign-in expired.*leads keep arriving/i);
    const access = (await h.json<Access>(admin, 'GET', `/api/v1/integrations/${KEY}/access`)).body.userToken;
    assert.equal(access.state, 'expired');
    assert.match(
      access.message ?? '',
      /Reconnect to manage forms — leads keep arriving\. The Facebook sign-in expired on \d{4}-\d\d-\d\d/,
    );
    assert.ok(access.expiresAt && Math.abs(Date.parse(access.expiresAt) - Date.now()) < 60_000);
  });

  it('keeps the connection on "Test connection" with the expired sign-in: degraded, saying why, and leads keep arriving', async () => {
    // Runs after the first test: the user token is aged and Facebook refuses it on /me (Graph 190).
    const test = await h.json<{ state: string; lastError?: string }>(
      admin,
      'POST',
      `/api/v1/integrations/${KEY}/connection/test`,
    );
    assert.equal(test.status, 200);
    assert.equal(test.body.state, 'degraded');
    assert.match(test.body.lastError ?? '', /Facebook sign-in expired.*leads keep arriving/i);
    const detail = await h.json<{ status: string; health: { state: string } }>(admin, 'GET', `/api/v1/integrations/${KEY}`);
    assert.equal(detail.body.status, 'connected');
    assert.equal(detail.body.health.state, 'degraded');

    const lead = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('After The Test', 8));
    assert.equal(lead.webhookStatus, 200);
    const names = (await h.allContacts(admin)).map((c) => c.name);
    assert.ok(names.includes('After The Test'), `the lead became a contact: ${names.join(', ')}`);
  });

  it('warns 7 days before the stored expiry, and not before', async () => {
    const other = await signedInAdmin(stack.app);
    await other.connect(KEY);
    const connections = stack.app.app.get(DataSource).getRepository(Connection);
    const where = { accountId: other.user.accountId, integrationKey: KEY };
    await connections.update(where, { tokenExpiresAt: new Date(Date.now() + 8 * 86_400_000) });
    assert.equal((await h.json<Access>(other, 'GET', `/api/v1/integrations/${KEY}/access`)).body.userToken.state, 'valid');
    const soon = new Date(Date.now() + 3 * 86_400_000);
    await connections.update(where, { tokenExpiresAt: soon });
    const access = (await h.json<Access>(other, 'GET', `/api/v1/integrations/${KEY}/access`)).body.userToken;
    assert.equal(access.state, 'expiring');
    assert.equal(access.expiresAt, soon.toISOString());
    assert.match(access.message ?? '', new RegExp(`expires on ${soon.toISOString().slice(0, 10)}`));
  });
});
