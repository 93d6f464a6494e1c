import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EventType } from '../src/events/event-type.enum';
import { ConnectionHealthService } from '../src/integrations/connections/connection-health.service';
import { Role } from '../src/roles/role.enum';
import { HealthBody, healthHarness } from './support/health-harness';
import { SignedInDriver, signedIn, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

interface Summary {
  key: string;
  status: string;
  health: HealthBody | null;
}

describe(`connection health and Test connection (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;
  let h: ReturnType<typeof healthHarness>;

  const test = async (key: string) => {
    const response = await admin.api('POST', `/api/v1/integrations/${key}/connection/test`);
    return { status: response.status, body: (await response.json()) as HealthBody & { error?: string; message?: string } };
  };
  const summary = async (key: string) =>
    ((await (await admin.api('GET', '/api/v1/integrations')).json()) as Summary[]).find((s) => s.key === key) as Summary;

  before(async () => {
    stack = await startTestStack();
    h = healthHarness(stack);
  });
  after(() => stack.close());
  beforeEach(async () => {
    admin = await signedInAdmin(stack.app);
    await h.reset();
  });

  it('shows health on the list and detail, and Test connection asks the provider who the token belongs to', async () => {
    assert.equal((await summary('hubspot')).health, null, 'not connected, no health');
    await admin.connect('hubspot');
    const listed = await summary('hubspot');
    assert.equal(listed.health?.state, 'healthy');
    assert.equal(listed.health?.autoRefresh, true);
    assert.ok(listed.health?.tokenExpiresAt);

    const result = await test('hubspot');
    assert.equal(result.status, 200);
    assert.equal(result.body.state, 'healthy');
    assert.ok(Date.parse(result.body.checkedAt) >= Date.parse(listed.health?.checkedAt ?? ''));
    assert.equal(result.body.lastError, undefined);
    assert.equal((await h.events(admin.user.accountId, EventType.ConnectionHealthChanged)).length, 0, 'no change, no event');
  });

  it('answers 403 naming the role for an agent, 404 not_connected and 404 for an unknown integration', async () => {
    const agent = await signedIn(stack.app, { role: Role.Agent, sameAccountAs: admin });
    const forbidden = await agent.api('POST', '/api/v1/integrations/hubspot/connection/test');
    assert.equal(forbidden.status, 403);
    assert.match(((await forbidden.json()) as { message: string }).message, /Channels Administrator/);
    const notConnected = await test('salesforce');
    assert.equal(notConnected.status, 404);
    assert.equal(notConnected.body.error, 'not_connected');
    assert.equal((await test('nope')).status, 404);
  });

  it('turns a grant the user revoked at the provider into reauth_required with the reason, event and audit', async () => {
    await admin.connect('google-sheets');
    const { accountId } = admin.user;
    await h.revokeGrants('google-sheets');

    const result = await test('google-sheets');
    assert.equal(result.body.state, 'reauth_required');
    assert.match(result.body.lastError ?? '', /refused the stored access token/);
    assert.equal((await summary('google-sheets')).status, 'reauth_required');
    const [changed] = await h.events(accountId, EventType.ConnectionHealthChanged);
    assert.deepEqual(Object.keys(changed ?? {}).sort(), ['connectionId', 'integrationKey', 'previousState', 'reason', 'state']);
    assert.equal(changed?.previousState, 'healthy');
    assert.equal((await h.events(accountId, EventType.ConnectionReauthRequired)).length, 1);
    const activity = (await (await admin.api('GET', '/api/v1/integrations/google-sheets/activity')).json()) as {
      type: string;
      actor: { name: string } | null;
    }[];
    assert.equal(activity[0]?.type, 'reauth_required');
    assert.equal(activity[0]?.actor?.name, admin.user.name, 'the admin who ran the test is the actor');

    await admin.connect('google-sheets');
    assert.equal((await summary('google-sheets')).health?.state, 'healthy', 'a reconnect starts healthy');
  });

  it('shows degraded while the identity endpoint is down and healthy again after, with an audit entry each way', async () => {
    await admin.connect('pipedrive');
    const { accountId } = admin.user;
    await h.setFault('pipedrive', 'me', 'down');
    const down = await test('pipedrive');
    assert.equal(down.body.state, 'degraded');
    assert.match(down.body.lastError ?? '', /HTTP 503/);
    assert.equal((await summary('pipedrive')).status, 'connected', 'degraded is not disconnected');

    await h.setFault('pipedrive', 'me', 'ok');
    assert.equal((await test('pipedrive')).body.state, 'healthy');
    const states = (await h.events(accountId, EventType.ConnectionHealthChanged)).map((e) => [e.previousState, e.state]);
    assert.deepEqual(states, [
      ['healthy', 'degraded'],
      ['degraded', 'healthy'],
    ]);
    const activity = (await (await admin.api('GET', '/api/v1/integrations/pipedrive/activity')).json()) as { type: string }[];
    assert.equal(activity.filter((a) => a.type === 'health_changed').length, 2);
  });

  it('lets other code report degradation once per change through ConnectionHealthService.report', async () => {
    await admin.connect('calendly');
    const { accountId } = admin.user;
    const health = stack.app.app.get(ConnectionHealthService);
    const report = { state: 'degraded' as const, reason: 'Posting lead alerts failed 3 times.' };
    assert.equal(await health.report(accountId, 'calendly', report), 'degraded');
    assert.equal(await health.report(accountId, 'calendly', report), 'degraded');
    assert.equal((await h.events(accountId, EventType.ConnectionHealthChanged)).length, 1);
    assert.equal((await summary('calendly')).health?.lastError, report.reason);
    assert.equal(await health.report(accountId, 'salesforce', report), null, 'no connection, nothing recorded');
  });

  it('warns when a token without a refresh token expires within a week', async () => {
    await admin.connect('calendly');
    const { accountId } = admin.user;
    await h.repository.update(
      { accountId, integrationKey: 'calendly' },
      { refreshTokenEnc: null, tokenExpiresAt: new Date(Date.now() + 2 * 24 * 3600_000) },
    );
    const health = (await summary('calendly')).health;
    assert.equal(health?.state, 'degraded');
    assert.equal(health?.autoRefresh, false);
    assert.match(health?.lastError ?? '', /no refresh token: reconnect before then/);
  });
});
