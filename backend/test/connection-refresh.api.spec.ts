import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EventType } from '../src/events/event-type.enum';
import { TokenRefreshScheduler } from '../src/integrations/connections/token-refresh.scheduler';
import { MetricsService } from '../src/metrics/metrics.service';
import { healthHarness } from './support/health-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

const FIVE_MINUTES = 5 * 60_000;

describe(`scheduled token refresh ahead of expiry (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;
  let h: ReturnType<typeof healthHarness>;
  let scheduler: TokenRefreshScheduler;

  const refreshes = async (providerKey: string) =>
    (await h.log()).filter((e) => e.type === 'token_refresh' && e.providerKey === providerKey).length;
  const detail = async (key: string) =>
    (await (await admin.api('GET', `/api/v1/integrations/${key}`)).json()) as {
      status: string;
      health: { state: string; lastError?: string };
    };

  before(async () => {
    stack = await startTestStack({ accessTokenTtlSeconds: 3600 });
    h = healthHarness(stack);
    scheduler = stack.app.app.get(TokenRefreshScheduler);
  });
  after(() => stack.close());
  beforeEach(async () => {
    admin = await signedInAdmin(stack.app);
    await h.reset();
  });

  it('renews a token expiring in 5 minutes without any request, persisting the rotated refresh token', async () => {
    await admin.connect('hubspot');
    const { accountId } = admin.user;
    const oldRefreshToken = await h.refreshToken(accountId, 'hubspot');
    await h.expireIn(accountId, 'hubspot', FIVE_MINUTES);

    await scheduler.runOnce();

    assert.equal(await refreshes('hubspot'), 1);
    const row = await h.connection(accountId, 'hubspot');
    assert.ok((row.tokenExpiresAt as Date).getTime() > Date.now() + 30 * 60_000, 'the new token lives for the sandbox TTL');
    assert.notEqual(await h.refreshToken(accountId, 'hubspot'), oldRefreshToken, 'the rotated refresh token was stored');
    await scheduler.runOnce();
    assert.equal(await refreshes('hubspot'), 1, 'a fresh token is left alone');
    const { values } = await stack.app.app.get(MetricsService).tokenRefreshes.get();
    assert.ok(values.some((v) => v.labels.provider === 'hubspot' && v.labels.outcome === 'refreshed' && v.value >= 1));
  });

  it('lets two concurrent runs refresh a due connection once', async () => {
    await admin.connect('pipedrive');
    await h.expireIn(admin.user.accountId, 'pipedrive', FIVE_MINUTES);
    const runs = await Promise.all([scheduler.runOnce(), scheduler.runOnce()]);
    assert.equal(await refreshes('pipedrive'), 1);
    assert.equal(runs[0].refreshed + runs[1].refreshed, 1);
  });

  it('skips providers without refresh tokens (Slack bot tokens)', async () => {
    await admin.connect('slack');
    await h.expireIn(admin.user.accountId, 'slack', FIVE_MINUTES);
    await scheduler.runOnce();
    assert.equal(await refreshes('slack'), 0);
  });

  it('turns invalid_grant into reauth_required with the reason, an event and an audit entry', async () => {
    await admin.connect('zoho-crm');
    const { accountId } = admin.user;
    await h.expireIn(accountId, 'zoho-crm', FIVE_MINUTES);
    await h.setFault('zoho-crm', 'refresh', 'invalid_grant');

    await scheduler.runOnce();

    const after = await detail('zoho-crm');
    assert.equal(after.status, 'reauth_required');
    assert.equal(after.health.state, 'reauth_required');
    assert.match(after.health.lastError ?? '', /invalid_grant/);
    const [dead] = await h.events(accountId, EventType.ConnectionReauthRequired);
    assert.equal(dead?.integrationKey, 'zoho-crm');
    const [changed] = await h.events(accountId, EventType.ConnectionHealthChanged);
    assert.deepEqual(
      { state: changed?.state, previousState: changed?.previousState },
      { state: 'reauth_required', previousState: 'healthy' },
    );
    const activity = (await (await admin.api('GET', '/api/v1/integrations/zoho-crm/activity')).json()) as { type: string }[];
    assert.equal(activity[0]?.type, 'reauth_required');
    await scheduler.runOnce();
    assert.equal((await h.events(accountId, EventType.ConnectionReauthRequired)).length, 1, 'a dead connection is not retried');
  });

  it('backs off after a transient failure, shows degraded, and is healthy again after the next refresh', async () => {
    await admin.connect('calendly');
    const { accountId } = admin.user;
    await h.expireIn(accountId, 'calendly', FIVE_MINUTES);
    await h.setFault('calendly', 'refresh', 'down');

    await scheduler.runOnce();
    const degraded = await detail('calendly');
    assert.equal(degraded.status, 'connected');
    assert.equal(degraded.health.state, 'degraded');
    assert.match(degraded.health.lastError ?? '', /503/);
    const backoff = await h.repository.findOneOrFail({
      where: { accountId, integrationKey: 'calendly' },
      select: { id: true, nextRefreshAt: true, refreshFailures: true },
    });
    assert.equal(backoff.refreshFailures, 1);
    assert.ok((backoff.nextRefreshAt as Date).getTime() > Date.now(), 'the next attempt waits');

    await h.setFault('calendly', 'refresh', 'ok');
    await scheduler.runOnce();
    assert.equal(await refreshes('calendly'), 0, 'nothing is sent before the backoff ends');
    await h.repository.update({ id: backoff.id }, { nextRefreshAt: new Date(Date.now() - 1000) });
    await scheduler.runOnce();
    assert.equal(await refreshes('calendly'), 1);
    assert.equal((await detail('calendly')).health.state, 'healthy');
    const states = (await h.events(accountId, EventType.ConnectionHealthChanged)).map((e) => e.state);
    assert.deepEqual(states, ['degraded', 'healthy']);
  });

  it('reports reauth_required after a replayed rotated refresh token made the sandbox revoke the grant', async () => {
    await admin.connect('hubspot');
    const { accountId } = admin.user;
    const stolen = await h.refreshToken(accountId, 'hubspot');
    await h.expireIn(accountId, 'hubspot', FIVE_MINUTES);
    await scheduler.runOnce();

    const replay = await fetch(`${stack.sandbox.url}/hubspot/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: stolen,
        client_id: 'aurora-hubspot',
        client_secret: stack.env.SANDBOX_CLIENT_SECRET,
      }).toString(),
    });
    assert.equal(replay.status, 400);
    assert.ok((await h.log()).some((e) => e.type === 'refresh_reuse'));

    const test = await admin.api('POST', '/api/v1/integrations/hubspot/connection/test');
    assert.equal(test.status, 200);
    assert.equal(((await test.json()) as { state: string }).state, 'reauth_required');
    assert.equal((await detail('hubspot')).status, 'reauth_required');
  });
});
