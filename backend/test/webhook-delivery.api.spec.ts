import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { EventConsumersService } from '../src/events/event-consumers.service';
import { MetricsService } from '../src/metrics/metrics.service';
import { WEBHOOKS_CONSUMER } from '../src/webhooks/delivery/delivery-worker.service';
import { DeliveryOutboxService } from '../src/webhooks/delivery/delivery-outbox.service';
import { WebhookAttempt } from '../src/webhooks/entities/webhook-attempt.entity';
import { WebhookDelivery } from '../src/webhooks/entities/webhook-delivery.entity';
import { LeadAdsHarness } from './support/lead-ads-harness';
import { startTestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';
import { startSecondInstance } from './support/test-stack';
import { Endpoint, WEBHOOK_ENV, WebhooksHarness } from './support/webhooks-harness';
import { eventually } from './support/webhook-receiver';

/** At-least-once delivery from the outbox: retries, give-up, retention, restarts and a second instance. */
describe(`webhook delivery (${testDatabaseKind()})`, () => {
  const w = new WebhooksHarness();
  before(() => w.start());
  beforeEach(() => w.nextTest());
  after(() => w.close());

  /** `aurora_event_delivery_attempts_total` by outcome, as this instance counts it. */
  async function attemptsCounted(): Promise<Record<string, number>> {
    const { values } = await w.stack.app.app.get(MetricsService).eventDeliveryAttempts.get();
    return Object.fromEntries(values.map(({ labels, value }) => [String(labels.outcome), value]));
  }

  it('retries a failing receiver: 500, 500, then 200 is delivered on the third attempt, three attempts recorded', async () => {
    const { endpoint, secret } = await w.createEndpoint();
    w.receiver.answer({ status: 500, body: 'down' }, { status: 500, body: 'x'.repeat(5000) });
    const countedBefore = await attemptsCounted();
    await w.appendEvent();
    const [delivery] = await w.settled(endpoint.id, 1);
    const counted = await attemptsCounted();
    assert.deepEqual(
      {
        failed: (counted.failed ?? 0) - (countedBefore.failed ?? 0),
        delivered: (counted.delivered ?? 0) - (countedBefore.delivered ?? 0),
      },
      { failed: 2, delivered: 1 },
      'each attempt is counted in aurora_event_delivery_attempts_total by outcome',
    );
    assert.equal(delivery.status, 'delivered');
    assert.equal(delivery.attempts, 3);
    assert.equal(w.receiver.received.length, 3);
    assert.equal(new Set(w.receiver.received.map((r) => r.headers['webhook-id'])).size, 1, 'one webhook-id for every retry');
    for (const n of [0, 1, 2]) w.verify(secret, n);
    const attempts = (await w.dataSource.query(
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
    const { endpoint } = await w.createEndpoint();
    w.receiver.answer(
      ...Array.from({ length: 4 }, () => ({ status: 307, headers: { Location: w.receiver.url('/redirected') } })),
    );
    await w.appendEvent();
    const [delivery] = await w.settled(endpoint.id, 1);
    assert.equal(delivery.lastStatusCode, 307);
    assert.match(delivery.lastError ?? '', /redirects are not followed/);
    assert.deepEqual(w.receiver.messages('/redirected'), [], 'nothing reached the redirect target');
  });

  it('disables the endpoint once the schedule is used up, with an audit entry', async () => {
    const { endpoint } = await w.createEndpoint();
    w.receiver.answer(...Array.from({ length: 4 }, () => ({ status: 503 })));
    await w.appendEvent();
    const [delivery] = await w.settled(endpoint.id, 1);
    assert.equal(delivery.status, 'failed');
    assert.equal(delivery.attempts, 4, 'the first attempt and one per schedule step');
    const after = (await w.h.json<{ data: Endpoint[] }>(w.admin, 'GET', '/api/v1/webhook-endpoints')).body.data[0];
    assert.equal(after.enabled, false);
    assert.match(after.disabledReason ?? '', /after 4 failed attempts/);
    const audit = (await w.dataSource.query(`SELECT type FROM audit_events WHERE account_id = ? AND type = ?`, [
      w.admin.user.accountId,
      'webhook_endpoint_disabled',
    ])) as unknown[];
    assert.equal(audit.length, 1);
    const [later] = await w.appendEvent();
    await eventually(
      () => w.stack.app.app.get(EventConsumersService).position(WEBHOOKS_CONSUMER),
      (position) => position === later.id,
    );
    assert.equal((await w.deliveries(endpoint.id)).length, 1, 'a disabled endpoint gets no new deliveries');
    const test = await w.h.json<{ error: string }>(w.admin, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/test`);
    assert.equal(test.status, 409);

    const enabled = await w.h.json<Endpoint>(w.admin, 'PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
    assert.deepEqual([enabled.body.enabled, enabled.body.disabledReason], [true, null]);
  });

  it('forgets attempts and finished deliveries after 7 days, and keeps what is still pending', async () => {
    const { endpoint } = await w.createEndpoint();
    await w.appendEvent();
    const [delivered] = await w.settled(endpoint.id, 1);
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3_600_000);
    const deliveriesTable = w.dataSource.getRepository(WebhookDelivery);
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
    await w.dataSource.getRepository(WebhookAttempt).update({ deliveryId: delivered.id }, { attemptedAt: eightDaysAgo });

    await w.stack.app.app.get(DeliveryOutboxService).prune();
    assert.deepEqual(
      (await w.deliveries(endpoint.id)).map((d) => [d.id, d.status]),
      [[waiting.id, 'pending']],
    );
    assert.equal(await w.dataSource.getRepository(WebhookAttempt).countBy({ deliveryId: delivered.id }), 0);
  });

  it('delivers each message once when two instances share the database', async () => {
    const { endpoint } = await w.createEndpoint();
    const second = await startSecondInstance(w.stack);
    try {
      for (let n = 0; n < 20; n++) await w.appendEvent();
      await w.settled(endpoint.id, 20);
    } finally {
      await second.close();
    }
    const ids = w.receiver.received.map((r) => String(r.headers['webhook-id']));
    assert.equal(ids.length, 20);
    assert.equal(new Set(ids).size, 20, 'no webhook-id twice');
  });

  it('still delivers after the app restarts between attempts', async () => {
    const { endpoint } = await w.createEndpoint();
    w.receiver.answer({ status: 500 });
    await w.appendEvent();
    await eventually(
      () => w.deliveries(endpoint.id),
      ([delivery]) => delivery?.attempts === 1,
    );
    await w.stack.app.close();
    w.stack.app = await startTestApp({ databaseUrl: w.stack.app.databaseUrl, env: { ...w.stack.env, ...WEBHOOK_ENV } });
    w.h = new LeadAdsHarness(w.stack);
    const [delivery] = await eventually(
      () => w.deliveries(endpoint.id),
      ([d]) => d?.status === 'delivered',
    );
    assert.equal(delivery.attempts, 2);
    assert.equal(w.receiver.received.length, 2);
  });
});
