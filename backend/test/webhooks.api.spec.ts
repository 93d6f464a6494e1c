import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { EventType } from '../src/events/event-type.enum';
import { EventsService } from '../src/events/events.service';
import { TOKEN_CIPHER } from '../src/integrations/connections/token-cipher.provider';
import { sealSigningSecret } from '../src/webhooks/delivery/signing-secret-seal';
import { WebhookEndpoint } from '../src/webhooks/entities/webhook-endpoint.entity';
import { COFFEE_PAGE, KEY, person, SUBSCRIPTION_FORM } from './support/lead-ads-harness';
import { signedInAdmin } from './support/signed-in';
import { startTestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';
import { Endpoint, WEBHOOK_ENV, WebhooksHarness } from './support/webhooks-harness';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

describe(`outbound webhook endpoints and what they receive (${testDatabaseKind()})`, () => {
  const w = new WebhooksHarness();
  before(() => w.start());
  beforeEach(() => w.nextTest());
  after(() => w.close());

  it('creates an endpoint with a secret shown once, and validates what it is given', async () => {
    const { endpoint, secret } = await w.createEndpoint(['connection.connected']);
    assert.match(secret, /^whsec_/);
    assert.deepEqual(
      { ...endpoint, id: undefined, createdAt: undefined },
      {
        id: undefined,
        createdAt: undefined,
        url: w.receiver.url(),
        eventTypes: ['connection.connected'],
        enabled: true,
        disabledReason: null,
        secretRotatedAt: null,
      },
    );
    const list = await w.h.json<{ data: Endpoint[] }>(w.admin, 'GET', '/api/v1/webhook-endpoints');
    assert.deepEqual(list.body.data, [endpoint]);
    assert.ok(!JSON.stringify(list.body).includes(secret), 'the secret is never listed');

    for (const [body, field] of [
      [{ url: 42 }, 'url'],
      [{ url: 'ftp://example.com/x' }, 'url'],
      [{ url: w.receiver.url(), eventTypes: ['lead.nope'] }, 'eventTypes'],
      [{ url: w.receiver.url(), eventTypes: 'lead.received' }, 'eventTypes'],
    ] as const) {
      const refused = await w.h.json<{ message: string }>(w.admin, 'POST', '/api/v1/webhook-endpoints', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.match(refused.body.message, new RegExp(`^${field} `), refused.body.message);
    }
    const patch = await w.h.json<{ message: string }>(w.admin, 'PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, {
      enabled: 'no',
    });
    assert.equal(patch.status, 400);
    assert.match(patch.body.message, /^enabled /);
    assert.equal((await w.h.json(w.admin, 'PATCH', '/api/v1/webhook-endpoints/not-a-uuid', {})).status, 400);
  });

  it("keeps one account's endpoints and deliveries away from another account's admin", async () => {
    const { endpoint } = await w.createEndpoint();
    const other = await signedInAdmin(w.stack.app);
    const base = `/api/v1/webhook-endpoints/${endpoint.id}`;
    assert.deepEqual((await w.h.json<{ data: Endpoint[] }>(other, 'GET', '/api/v1/webhook-endpoints')).body.data, []);
    for (const [method, path] of [
      ['PATCH', base],
      ['DELETE', base],
      ['POST', `${base}/test`],
      ['POST', `${base}/rotate-secret`],
      ['GET', `${base}/deliveries`],
    ]) {
      const response = await w.h.json<{ error: string }>(
        other,
        method,
        path,
        method === 'PATCH' ? { enabled: false } : undefined,
      );
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.body.error, 'webhook_endpoint_not_found');
    }
    assert.equal((await w.h.json<Endpoint>(w.admin, 'PATCH', base, {})).body.enabled, true, 'untouched');
  });

  it('delivers connection.connected once on connect and connection.disconnected on disconnect, signed', async () => {
    const { endpoint, secret } = await w.createEndpoint();
    const { endpoint: onlyDisconnects } = await w.createEndpoint(
      ['connection.disconnected'],
      w.receiver.url('/only-disconnects'),
    );
    await w.admin.connect('hubspot');
    await w.settled(endpoint.id, 1);
    assert.equal(w.receiver.received.length, 1, 'exactly one request');
    const message = w.verify(secret);
    assert.equal(message.type, 'connection.connected');
    assert.equal((w.receiver.messages()[0].data as { integrationKey: string }).integrationKey, 'hubspot');
    assert.match(String(w.receiver.received[0].headers['webhook-id']), /^msg_/);

    assert.equal((await w.admin.api('DELETE', '/api/v1/integrations/hubspot/connection')).status, 204);
    await w.settled(endpoint.id, 2);
    await w.settled(onlyDisconnects.id, 1);
    assert.deepEqual(
      w.receiver.messages().map((m) => m.type),
      ['connection.connected', 'connection.disconnected'],
    );
    assert.deepEqual(
      w.receiver.messages('/only-disconnects').map((m) => m.type),
      ['connection.disconnected'],
      'the event-type filter holds',
    );
    const [latest] = await w.deliveries(endpoint.id);
    assert.equal(latest.eventType, 'connection.disconnected');
    assert.equal(latest.lastStatusCode, 200);
  });

  it('delivers lead.received when a lead becomes a contact', async () => {
    const { endpoint, secret } = await w.createEndpoint(['lead.received']);
    await w.admin.connect(KEY);
    const saved = await w.h.json(w.admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${SUBSCRIPTION_FORM}`, {
      pageId: COFFEE_PAGE,
      mapping: { full_name: 'name', email: 'email' },
    });
    assert.equal(saved.status, 200);
    const lead = await w.h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Grace Hopper', 1));
    await w.settled(endpoint.id, 1);
    assert.equal(w.verify(secret).type, 'lead.received');
    const [message] = w.receiver.messages();
    assert.equal(message.data.leadgenId, lead.leadId);
    assert.ok(!w.receiver.received[0].body.includes('Grace'), 'no lead answers in the webhook');
  });

  it('sends a test message and redelivers it with the same webhook-id', async () => {
    const { endpoint, secret } = await w.createEndpoint();
    const test = await w.h.json<{ deliveryId: string }>(w.admin, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/test`);
    assert.equal(test.status, 202);
    await w.settled(endpoint.id, 1);
    assert.equal(w.verify(secret).type, 'webhook.test');
    const again = await w.h.json<{ deliveryId: string }>(
      w.admin,
      'POST',
      `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${test.body.deliveryId}/redeliver`,
    );
    assert.equal(again.status, 202);
    assert.notEqual(again.body.deliveryId, test.body.deliveryId);
    await w.settled(endpoint.id, 2);
    assert.equal(w.receiver.received.length, 2);
    assert.equal(w.receiver.received[1].headers['webhook-id'], w.receiver.received[0].headers['webhook-id']);
    const missing = await w.h.json<{ error: string }>(
      w.admin,
      'POST',
      `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`,
    );
    assert.equal(missing.body.error, 'webhook_delivery_not_found');
  });

  it('signs with the old and the new secret for a day after a rotation', async () => {
    const { endpoint, secret: old } = await w.createEndpoint();
    const rotated = await w.h.json<{ secret: string }>(w.admin, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.secret, old);
    await w.appendEvent();
    await w.settled(endpoint.id, 1);
    assert.equal(String(w.receiver.received[0].headers['webhook-signature']).split(' ').length, 2);
    w.verify(old);
    w.verify(rotated.body.secret);
    const [listed] = (await w.h.json<{ data: Endpoint[] }>(w.admin, 'GET', '/api/v1/webhook-endpoints')).body.data;
    assert.ok(listed.secretRotatedAt);

    await w.dataSource
      .getRepository(WebhookEndpoint)
      .update({ id: endpoint.id }, { previousSecretUntil: new Date(Date.now() - 1000) });
    w.receiver.reset();
    await w.appendEvent();
    await w.settled(endpoint.id, 2);
    assert.equal(String(w.receiver.received[0].headers['webhook-signature']).split(' ').length, 1, 'the old secret expired');
    w.verify(rotated.body.secret);
  });

  it('keeps signing secrets sealed at rest: neither the current nor the previous secret is in the table', async () => {
    const { endpoint, secret: old } = await w.createEndpoint();
    const rotated = await w.h.json<{ secret: string }>(w.admin, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
    const [row] = (await w.dataSource.query('SELECT secret, previous_secret FROM webhook_endpoints WHERE id = ?', [
      endpoint.id,
    ])) as { secret: string; previous_secret: string }[];
    const stored = `${row.secret} ${row.previous_secret}`;
    assert.ok(!stored.includes(old) && !stored.includes(rotated.body.secret), 'no plaintext secret in the row');
    assert.match(row.secret, /^v1\./);
    assert.match(row.previous_secret, /^v1\./);
    await w.appendEvent();
    await w.settled(endpoint.id, 1);
    w.verify(old);
    w.verify(rotated.body.secret);
  });

  it('deletes an endpoint with its deliveries', async () => {
    const { endpoint } = await w.createEndpoint();
    await w.appendEvent();
    await w.settled(endpoint.id, 1);
    assert.equal((await w.h.json(w.admin, 'DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`)).status, 204);
    assert.equal((await w.h.json(w.admin, 'GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`)).status, 404);
    const left = (await w.dataSource.query('SELECT id FROM webhook_deliveries WHERE endpoint_id = ?', [
      endpoint.id,
    ])) as unknown[];
    assert.equal(left.length, 0);
  });
});

const dataSource = (app: { app: { get(type: typeof DataSource): DataSource } }) => app.app.get(DataSource);

describe(`outbound webhooks in production mode (${testDatabaseKind()})`, () => {
  it('refuses endpoints that are not https or that reach private, loopback or link-local addresses', async () => {
    const app = await startTestApp({
      env: { NODE_ENV: 'production', SANDBOX: 'off', PASSWORD_HASH_COST: '17', ...WEBHOOK_ENV },
    });
    try {
      const admin = await signedInAdmin(app);
      const post = async (url: string) => {
        const response = await fetch(`${app.url}/api/v1/webhook-endpoints`, {
          method: 'POST',
          headers: { Cookie: admin.jar.header(), Origin: app.url, 'Content-Type': 'application/json' },
          body: JSON.stringify({ url, eventTypes: [] }),
        });
        return { status: response.status, body: (await response.json()) as { error: string; message: string } };
      };
      assert.match((await post('http://hooks.example.com/aurora')).body.message, /^url must use https/);
      for (const url of [
        'https://127.0.0.1/hook',
        'https://localhost:8443/hook',
        'https://[::1]/hook',
        'https://169.254.169.254/',
      ]) {
        const refused = await post(url);
        assert.equal(refused.status, 400, url);
        assert.equal(refused.body.error, 'webhook_url_not_allowed');
        assert.match(refused.body.message, /private, loopback or link-local/, url);
      }

      // An endpoint whose name resolved publicly when it was saved is checked again at send time.
      const receiver = await WebhookReceiver.start();
      try {
        const now = new Date();
        await app.app
          .get(DataSource)
          .getRepository(WebhookEndpoint)
          .insert({
            id: '11111111-1111-4111-8111-111111111111',
            accountId: admin.user.accountId,
            url: receiver.url().replace('http:', 'https:'),
            eventTypes: '[]',
            enabled: true,
            disabledReason: null,
            secret: sealSigningSecret(
              app.app.get(TOKEN_CIPHER),
              { id: '11111111-1111-4111-8111-111111111111', accountId: admin.user.accountId },
              'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
            ),
            previousSecret: null,
            previousSecretUntil: null,
            secretRotatedAt: null,
            createdAt: now,
            updatedAt: now,
          });
        await app.app.get(EventsService).append(undefined, {
          type: EventType.ConnectionConnected,
          accountId: admin.user.accountId,
          data: {},
        });
        const [delivery] = await eventually(
          async () =>
            (await dataSource(app).query('SELECT attempts, last_error FROM webhook_deliveries')) as {
              attempts: number;
              last_error: string | null;
            }[],
          (rows) => Number(rows[0]?.attempts) > 0,
        );
        assert.match(delivery.last_error ?? '', /^Not sent: .*private, loopback or link-local/);
        assert.equal(receiver.received.length, 0, 'nothing reached the private address');
      } finally {
        await receiver.close();
      }
    } finally {
      await app.close();
      process.env.NODE_ENV = 'test';
    }
  });
});
