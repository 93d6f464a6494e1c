import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventResponse } from '../../frontend/src/api/schema';
import { ConnectionsService } from '../src/integrations/connections/connections.service';
import { COFFEE_PAGE, KEY, LeadAdsHarness, person, SUBSCRIPTION_FORM } from './support/lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

/** Each change a service may care about leaves exactly one event in the log, with ids and names only. */
describe(`events recorded with the changes they describe (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let cursor = '0';

  /** The events the admin's account got since the previous call. */
  const newEvents = async (): Promise<Pick<EventResponse, 'type' | 'data'>[]> => {
    const page = await h.json<{ data: EventResponse[]; lastEventId: string }>(admin, 'GET', `/api/v1/events?after=${cursor}`);
    assert.equal(page.status, 200);
    cursor = page.body.lastEventId;
    return page.body.data.map(({ type, data }) => ({ type, data }));
  };
  const connectionId = async (key: string) =>
    (await h.json<{ connection: { id: string } }>(admin, 'GET', `/api/v1/integrations/${key}`)).body.connection.id;

  before(async () => {
    stack = await startTestStack();
    h = new LeadAdsHarness(stack);
    admin = await signedInAdmin(stack.app);
  });
  after(() => stack.close());

  it('records connection.connected, connection.reconnected after reauth, connection.disconnected by the admin', async () => {
    await admin.connect('hubspot');
    const id = await connectionId('hubspot');
    const [connected, ...rest] = await newEvents();
    assert.deepEqual(rest, []);
    assert.equal(connected.type, 'connection.connected');
    assert.deepEqual(Object.keys(connected.data).sort(), [
      'accountName',
      'actorUserId',
      'connectionId',
      'integrationKey',
      'scopes',
    ]);
    assert.equal(connected.data.integrationKey, 'hubspot');
    assert.equal(connected.data.connectionId, id);
    assert.equal(connected.data.actorUserId, admin.user.id);
    assert.equal(typeof connected.data.accountName, 'string');
    assert.ok(Array.isArray(connected.data.scopes) && connected.data.scopes.length > 0, 'the granted scopes');

    // A reconnect repairs a connection whose grant the provider stopped accepting.
    await stack.app.app.get(ConnectionsService).markReauthRequired(admin.user.accountId, 'hubspot', 'refresh refused');
    await admin.connect('hubspot');
    assert.deepEqual(
      (await newEvents()).map((e) => [e.type, e.data.connectionId]),
      [
        ['connection.health_changed', id],
        ['connection.reauth_required', id],
        ['connection.reconnected', id],
      ],
    );

    assert.equal((await admin.api('DELETE', '/api/v1/integrations/hubspot/connection')).status, 204);
    assert.deepEqual(await newEvents(), [
      {
        type: 'connection.disconnected',
        data: { integrationKey: 'hubspot', connectionId: id, reason: 'admin', actorUserId: admin.user.id },
      },
    ]);
    assert.equal((await admin.api('DELETE', '/api/v1/integrations/hubspot/connection')).status, 404);
    assert.deepEqual(await newEvents(), [], 'a disconnect that found nothing records nothing');
  });

  it('records form_connection.saved and lead.received without the lead answers', async () => {
    await admin.connect(KEY);
    await newEvents();
    const saved = await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${SUBSCRIPTION_FORM}`, {
      pageId: COFFEE_PAGE,
      mapping: { full_name: 'name', email: 'email' },
    });
    assert.equal(saved.status, 200);
    const form = {
      integrationKey: KEY,
      pageId: COFFEE_PAGE,
      pageName: 'Aurora Coffee Roasters',
      formId: SUBSCRIPTION_FORM,
      formName: 'Coffee subscription enquiry',
    };
    assert.deepEqual(await newEvents(), [{ type: 'form_connection.saved', data: form }]);

    const lead = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Ada Lovelace', 1));
    assert.equal(lead.webhookStatus, 200);
    const [contact] = await h.allContacts(admin);
    assert.deepEqual(await newEvents(), [
      {
        type: 'lead.received',
        data: {
          contactId: contact.id,
          created: true,
          source: KEY,
          pageId: COFFEE_PAGE,
          formId: SUBSCRIPTION_FORM,
          adId: null,
          leadgenId: lead.leadId,
          platform: 'fb',
          isTest: false,
        },
      },
    ]);
    assert.equal((await h.redeliver(lead.leadId)).webhookStatus, 200);
    assert.deepEqual(await newEvents(), [], 'a lead delivered again is not received again');

    const removed = await h.json(admin, 'DELETE', `/api/v1/integrations/${KEY}/form-connections/${SUBSCRIPTION_FORM}`);
    assert.equal(removed.status, 204);
    assert.deepEqual(await newEvents(), [{ type: 'form_connection.removed', data: form }]);
  });

  it('records connection.disconnected when Facebook reports the app removed', async () => {
    const detail = await h.json<{ connection: { id: string; externalAccount: { id: string } } }>(
      admin,
      'GET',
      `/api/v1/integrations/${KEY}`,
    );
    const payload = Buffer.from(
      JSON.stringify({
        algorithm: 'HMAC-SHA256',
        user_id: detail.body.connection.externalAccount.id,
        issued_at: Math.floor(Date.now() / 1000),
      }),
    ).toString('base64url');
    const signature = createHmac('sha256', h.appSecret).update(payload).digest('base64url');
    const deauthorize = () =>
      fetch(`${stack.appUrl}/api/v1/webhooks/facebook/deauthorize`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ signed_request: `${signature}.${payload}` }).toString(),
      });
    assert.equal((await deauthorize()).status, 200);
    assert.equal((await deauthorize()).status, 200);
    assert.deepEqual(await newEvents(), [
      {
        type: 'connection.disconnected',
        data: {
          integrationKey: KEY,
          connectionId: detail.body.connection.id,
          reason: 'provider_deauthorized',
          actorUserId: null,
        },
      },
    ]);
  });
});
