import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { EventConsumersService } from '../src/events/event-consumers.service';
import { EventType } from '../src/events/event-type.enum';
import { EventsService } from '../src/events/events.service';
import { WEBHOOKS_CONSUMER } from '../src/webhooks/delivery/delivery-worker.service';
import { DeliveryOutboxService } from '../src/webhooks/delivery/delivery-outbox.service';
import { WebhookAttempt } from '../src/webhooks/entities/webhook-attempt.entity';
import { WebhookDelivery } from '../src/webhooks/entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../src/webhooks/entities/webhook-endpoint.entity';
import { COFFEE_PAGE, KEY, LeadAdsHarness, person, SUBSCRIPTION_FORM } from './support/lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestApp } from './support/test-app';
import { startSecondInstance, startTestStack, TestStack } from './support/test-stack';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  secretRotatedAt: string | null;
}
interface Delivery {
  id: string;
  eventId: string | null;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** Fast retries so a test sees the whole schedule in about a second. */
const WEBHOOK_ENV = { WEBHOOK_RETRY_SCHEDULE: '200ms,200ms,200ms', WEBHOOK_POLL_INTERVAL_MS: '50' };

describe(`outbound webhooks (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let receiver: WebhookReceiver;
  let dataSource: DataSource;

  const createEndpoint = async (eventTypes: string[] = [], url = receiver.url()) => {
    const created = await h.json<{ endpoint: Endpoint; secret: string }>(admin, 'POST', '/api/v1/webhook-endpoints', {
      url,
      eventTypes,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
  };
  const deliveries = async (endpointId: string, driver = admin) =>
    (await h.json<{ data: Delivery[] }>(driver, 'GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries`)).body.data;
  const settled = (endpointId: string, count: number) =>
    eventually(
      () => deliveries(endpointId),
      (list) => list.length >= count && list.every((d) => d.status !== 'pending'),
    );
  const appendEvent = (type = EventType.ConnectionConnected, accountId = admin.user.accountId) =>
    stack.app.app.get(EventsService).append(undefined, { type, accountId, data: { integrationKey: 'hubspot' } });
  const verify = (secret: string, index = 0) => {
    const request = receiver.received[index];
    return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { type: string };
  };

  before(async () => {
    receiver = await WebhookReceiver.start();
    stack = await startTestStack({ env: WEBHOOK_ENV });
    h = new LeadAdsHarness(stack);
    dataSource = stack.app.app.get(DataSource);
  });
  beforeEach(async () => {
    receiver.reset();
    admin = await signedInAdmin(stack.app);
  });
  after(async () => {
    // Not stack.close(): that closes the instance the stack started, and one test restarts it.
    await stack.app.close();
    await stack.sandbox.close();
    await receiver.close();
  });

  it('creates an endpoint with a secret shown once, and validates what it is given', async () => {
    const { endpoint, secret } = await createEndpoint(['connection.connected']);
    assert.match(secret, /^whsec_/);
    assert.deepEqual(
      { ...endpoint, id: undefined, createdAt: undefined },
      {
        id: undefined,
        createdAt: undefined,
        url: receiver.url(),
        eventTypes: ['connection.connected'],
        enabled: true,
        disabledReason: null,
        secretRotatedAt: null,
      },
    );
    const list = await h.json<{ data: Endpoint[] }>(admin, 'GET', '/api/v1/webhook-endpoints');
    assert.deepEqual(list.body.data, [endpoint]);
    assert.ok(!JSON.stringify(list.body).includes(secret), 'the secret is never listed');

    for (const [body, field] of [
      [{ url: 42 }, 'url'],
      [{ url: 'ftp://example.com/x' }, 'url'],
      [{ url: receiver.url(), eventTypes: ['lead.nope'] }, 'eventTypes'],
      [{ url: receiver.url(), eventTypes: 'lead.received' }, 'eventTypes'],
    ] as const) {
      const refused = await h.json<{ message: string }>(admin, 'POST', '/api/v1/webhook-endpoints', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.match(refused.body.message, new RegExp(`^${field} `), refused.body.message);
    }
    const patch = await h.json<{ message: string }>(admin, 'PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, {
      enabled: 'no',
    });
    assert.equal(patch.status, 400);
    assert.match(patch.body.message, /^enabled /);
    assert.equal((await h.json(admin, 'PATCH', '/api/v1/webhook-endpoints/not-a-uuid', {})).status, 400);
  });

  it("keeps one account's endpoints and deliveries away from another account's admin", async () => {
    const { endpoint } = await createEndpoint();
    const other = await signedInAdmin(stack.app);
    const base = `/api/v1/webhook-endpoints/${endpoint.id}`;
    assert.deepEqual((await h.json<{ data: Endpoint[] }>(other, 'GET', '/api/v1/webhook-endpoints')).body.data, []);
    for (const [method, path] of [
      ['PATCH', base],
      ['DELETE', base],
      ['POST', `${base}/test`],
      ['POST', `${base}/rotate-secret`],
      ['GET', `${base}/deliveries`],
    ]) {
      const response = await h.json<{ error: string }>(other, method, path, method === 'PATCH' ? { enabled: false } : undefined);
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(response.body.error, 'webhook_endpoint_not_found');
    }
    assert.equal((await h.json<Endpoint>(admin, 'PATCH', base, {})).body.enabled, true, 'untouched');
  });

  it('delivers connection.connected once on connect and connection.disconnected on disconnect, signed', async () => {
    const { endpoint, secret } = await createEndpoint();
    const { endpoint: onlyDisconnects } = await createEndpoint(['connection.disconnected'], receiver.url('/only-disconnects'));
    await admin.connect('hubspot');
    await settled(endpoint.id, 1);
    assert.equal(receiver.received.length, 1, 'exactly one request');
    const message = verify(secret);
    assert.equal(message.type, 'connection.connected');
    assert.equal((receiver.messages()[0].data as { integrationKey: string }).integrationKey, 'hubspot');
    assert.match(String(receiver.received[0].headers['webhook-id']), /^msg_/);

    assert.equal((await admin.api('DELETE', '/api/v1/integrations/hubspot/connection')).status, 204);
    await settled(endpoint.id, 2);
    await settled(onlyDisconnects.id, 1);
    assert.deepEqual(
      receiver.messages().map((m) => m.type),
      ['connection.connected', 'connection.disconnected'],
    );
    assert.deepEqual(
      receiver.messages('/only-disconnects').map((m) => m.type),
      ['connection.disconnected'],
      'the event-type filter holds',
    );
    const [latest] = await deliveries(endpoint.id);
    assert.equal(latest.eventType, 'connection.disconnected');
    assert.equal(latest.lastStatusCode, 200);
  });

  it('delivers lead.received when a lead becomes a contact', async () => {
    const { endpoint, secret } = await createEndpoint(['lead.received']);
    await admin.connect(KEY);
    const saved = await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${SUBSCRIPTION_FORM}`, {
      pageId: COFFEE_PAGE,
      mapping: { full_name: 'name', email: 'email' },
    });
    assert.equal(saved.status, 200);
    const lead = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Grace Hopper', 1));
    await settled(endpoint.id, 1);
    assert.equal(verify(secret).type, 'lead.received');
    const [message] = receiver.messages();
    assert.equal(message.data.leadgenId, lead.leadId);
    assert.ok(!receiver.received[0].body.includes('Grace'), 'no lead answers in the webhook');
  });

  it('retries a failing receiver: 500, 500, then 200 is delivered on the third attempt, three attempts recorded', async () => {
    const { endpoint, secret } = await createEndpoint();
    receiver.answer({ status: 500, body: 'down' }, { status: 500, body: 'x'.repeat(5000) });
    await appendEvent();
    const [delivery] = await settled(endpoint.id, 1);
    assert.equal(delivery.status, 'delivered');
    assert.equal(delivery.attempts, 3);
    assert.equal(receiver.received.length, 3);
    assert.equal(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size, 1, 'one webhook-id for every retry');
    for (const n of [0, 1, 2]) verify(secret, n);
    const attempts = (await dataSource.query(
      'SELECT status_code, response_body FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempted_at',
      [delivery.id],
    )) as { status_code: number; response_body: string }[];
    assert.deepEqual(
      attempts.map((a) => Number(a.status_code)),
      [500, 500, 200],
    );
    assert.equal(attempts[1].response_body.length, 1024, 'the response is kept truncated to 1 kB');
  });

  it('does not follow a redirect', async () => {
    const { endpoint } = await createEndpoint();
    receiver.answer(...Array.from({ length: 4 }, () => ({ status: 307, headers: { Location: receiver.url('/redirected') } })));
    await appendEvent();
    const [delivery] = await settled(endpoint.id, 1);
    assert.equal(delivery.lastStatusCode, 307);
    assert.match(delivery.lastError ?? '', /redirects are not followed/);
    assert.deepEqual(receiver.messages('/redirected'), [], 'nothing reached the redirect target');
  });

  it('disables the endpoint once the schedule is used up, with an audit entry', async () => {
    const { endpoint } = await createEndpoint();
    receiver.answer(...Array.from({ length: 4 }, () => ({ status: 503 })));
    await appendEvent();
    const [delivery] = await settled(endpoint.id, 1);
    assert.equal(delivery.status, 'failed');
    assert.equal(delivery.attempts, 4, 'the first attempt and one per schedule step');
    const after = (await h.json<{ data: Endpoint[] }>(admin, 'GET', '/api/v1/webhook-endpoints')).body.data[0];
    assert.equal(after.enabled, false);
    assert.match(after.disabledReason ?? '', /after 4 failed attempts/);
    const audit = (await dataSource.query(`SELECT type FROM audit_events WHERE account_id = ? AND type = ?`, [
      admin.user.accountId,
      'webhook_endpoint_disabled',
    ])) as unknown[];
    assert.equal(audit.length, 1);
    const [later] = await appendEvent();
    await eventually(
      () => stack.app.app.get(EventConsumersService).position(WEBHOOKS_CONSUMER),
      (position) => position === later.id,
    );
    assert.equal((await deliveries(endpoint.id)).length, 1, 'a disabled endpoint gets no new deliveries');
    const test = await h.json<{ error: string }>(admin, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/test`);
    assert.equal(test.status, 409);

    const enabled = await h.json<Endpoint>(admin, 'PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
    assert.deepEqual([enabled.body.enabled, enabled.body.disabledReason], [true, null]);
  });

  it('sends a test message and redelivers it with the same webhook-id', async () => {
    const { endpoint, secret } = await createEndpoint();
    const test = await h.json<{ deliveryId: string }>(admin, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/test`);
    assert.equal(test.status, 202);
    await settled(endpoint.id, 1);
    assert.equal(verify(secret).type, 'webhook.test');
    const again = await h.json<{ deliveryId: string }>(
      admin,
      'POST',
      `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${test.body.deliveryId}/redeliver`,
    );
    assert.equal(again.status, 202);
    assert.notEqual(again.body.deliveryId, test.body.deliveryId);
    await settled(endpoint.id, 2);
    assert.equal(receiver.received.length, 2);
    assert.equal(receiver.received[1].headers['webhook-id'], receiver.received[0].headers['webhook-id']);
    const missing = await h.json<{ error: string }>(
      admin,
      'POST',
      `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`,
    );
    assert.equal(missing.body.error, 'webhook_delivery_not_found');
  });

  it('signs with the old and the new secret for a day after a rotation', async () => {
    const { endpoint, secret: old } = await createEndpoint();
    const rotated = await h.json<{ secret: string }>(admin, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.secret, old);
    await appendEvent();
    await settled(endpoint.id, 1);
    assert.equal(String(receiver.received[0].headers['webhook-signature']).split(' ').length, 2);
    verify(old);
    verify(rotated.body.secret);
    const [listed] = (await h.json<{ data: Endpoint[] }>(admin, 'GET', '/api/v1/webhook-endpoints')).body.data;
    assert.ok(listed.secretRotatedAt);

    await dataSource
      .getRepository(WebhookEndpoint)
      .update({ id: endpoint.id }, { previousSecretUntil: new Date(Date.now() - 1000) });
    receiver.reset();
    await appendEvent();
    await settled(endpoint.id, 2);
    assert.equal(String(receiver.received[0].headers['webhook-signature']).split(' ').length, 1, 'the old secret expired');
    verify(rotated.body.secret);
  });

  it('deletes an endpoint with its deliveries', async () => {
    const { endpoint } = await createEndpoint();
    await appendEvent();
    await settled(endpoint.id, 1);
    assert.equal((await h.json(admin, 'DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`)).status, 204);
    assert.equal((await h.json(admin, 'GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`)).status, 404);
    const left = (await dataSource.query('SELECT id FROM webhook_deliveries WHERE endpoint_id = ?', [endpoint.id])) as unknown[];
    assert.equal(left.length, 0);
  });

  it('forgets attempts and finished deliveries after 7 days, and keeps what is still pending', async () => {
    const { endpoint } = await createEndpoint();
    await appendEvent();
    const [delivered] = await settled(endpoint.id, 1);
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3_600_000);
    const deliveriesTable = dataSource.getRepository(WebhookDelivery);
    // Due in an hour, so no worker sends it meanwhile.
    const waiting = { ...(await deliveriesTable.findOneByOrFail({ id: delivered.id })), id: randomUUID() };
    await deliveriesTable.insert({
      ...waiting,
      status: 'pending',
      attempts: 1,
      nextAttemptAt: new Date(Date.now() + 3_600_000),
      updatedAt: eightDaysAgo,
    });
    await deliveriesTable.update({ id: delivered.id }, { updatedAt: eightDaysAgo });
    await dataSource.getRepository(WebhookAttempt).update({ deliveryId: delivered.id }, { attemptedAt: eightDaysAgo });

    await stack.app.app.get(DeliveryOutboxService).prune();
    assert.deepEqual(
      (await deliveries(endpoint.id)).map((d) => [d.id, d.status]),
      [[waiting.id, 'pending']],
    );
    assert.equal(await dataSource.getRepository(WebhookAttempt).countBy({ deliveryId: delivered.id }), 0);
  });

  it('delivers each message once when two instances share the database', async () => {
    const { endpoint } = await createEndpoint();
    const second = await startSecondInstance(stack);
    try {
      for (let n = 0; n < 20; n++) await appendEvent();
      await settled(endpoint.id, 20);
    } finally {
      await second.close();
    }
    const ids = receiver.received.map((r) => String(r.headers['webhook-id']));
    assert.equal(ids.length, 20);
    assert.equal(new Set(ids).size, 20, 'no webhook-id twice');
  });

  it('still delivers after the app restarts between attempts', async () => {
    const { endpoint } = await createEndpoint();
    receiver.answer({ status: 500 });
    await appendEvent();
    await eventually(
      () => deliveries(endpoint.id),
      ([delivery]) => delivery?.attempts === 1,
    );
    await stack.app.close();
    stack.app = await startTestApp({ databaseUrl: stack.app.databaseUrl, env: { ...stack.env, ...WEBHOOK_ENV } });
    h = new LeadAdsHarness(stack);
    const [delivery] = await eventually(
      () => deliveries(endpoint.id),
      ([d]) => d?.status === 'delivered',
    );
    assert.equal(delivery.attempts, 2);
    assert.equal(receiver.received.length, 2);
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
            secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
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
