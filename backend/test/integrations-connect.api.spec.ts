import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { IntegrationDetailResponse } from '../../frontend/src/api/schema';
import { Membership } from '../src/accounts/membership.entity';
import { HousekeepingService } from '../src/housekeeping/housekeeping.service';
import { ConnectionsService } from '../src/integrations/connections/connections.service';
import { OAuthFlow } from '../src/integrations/flows/oauth-flow.entity';
import { OAuthFlowsService } from '../src/integrations/flows/oauth-flows.service';
import { ProviderRegistry } from '../src/integrations/providers/provider-registry.service';
import { Role } from '../src/roles/role.enum';
import { CookieJar } from './support/cookie-jar';
import { startSecondInstance, startTestStack, TestStack } from './support/test-stack';
import { testDatabaseKind } from './support/test-database';
import { SignedInDriver, signedInAdmin } from './support/signed-in';

type Detail = IntegrationDetailResponse;

interface SandboxEvent {
  type: string;
  providerKey: string;
}

describe(`connect flow against the sandbox (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;
  let dataSource: DataSource;

  const connectionCount = async (key: string) =>
    Number((await dataSource.query(`SELECT COUNT(*) AS n FROM connections WHERE integration_key = '${key}'`))[0].n);
  const detail = async (key: string, driver = admin) =>
    (await (await driver.api('GET', `/api/v1/integrations/${key}`)).json()) as Detail;
  const sandboxLog = async () => (await (await fetch(`${stack.sandbox.url}/control/log`)).json()) as SandboxEvent[];
  const setFault = (providerKey: string, endpoint: string, mode: string) =>
    fetch(`${stack.sandbox.url}/control/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ providerKey, endpoint, mode }),
    });

  before(async () => {
    stack = await startTestStack();
    dataSource = stack.app.app.get(DataSource);
  });
  after(() => stack.close());
  beforeEach(async () => {
    admin = await signedInAdmin(stack.app);
    await fetch(`${stack.sandbox.url}/control/reset`, { method: 'POST' });
  });

  it('connects through the consent page, shows the external account, and disconnects with revocation', async () => {
    const flowId = await admin.connect('hubspot');
    assert.deepEqual(await admin.flowStatus(flowId), { flowId, integration: 'hubspot', status: 'connected' });
    const connected = await detail('hubspot');
    assert.equal(connected.status, 'connected');
    assert.match(connected.connection?.externalAccount.name ?? '', /HubSpot/);
    assert.ok(connected.connection?.scopes.length);
    const read = connected.permissions.find((p) => p.scope === 'crm.objects.contacts.read');
    assert.equal(read?.description, 'Read contacts in your HubSpot CRM', 'each requested scope is described');

    const list = (await (await admin.api('GET', '/api/v1/integrations')).json()) as { key: string; status: string }[];
    assert.equal(list.find((i) => i.key === 'hubspot')?.status, 'connected');
    assert.equal(list.find((i) => i.key === 'slack')?.status, 'disconnected');

    const again = await admin.api('POST', '/api/v1/integrations/hubspot/connect');
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { error: string }).error, 'already_connected');

    assert.equal((await admin.api('DELETE', '/api/v1/integrations/hubspot/connection')).status, 204);
    assert.equal((await detail('hubspot')).status, 'disconnected');
    assert.equal(await connectionCount('hubspot'), 0);
    assert.ok((await sandboxLog()).some((e) => e.type === 'revocation' && e.providerKey === 'hubspot'));

    const second = await admin.api('DELETE', '/api/v1/integrations/hubspot/connection');
    assert.equal(second.status, 404);
    assert.equal(((await second.json()) as { error: string }).error, 'not_connected');

    const activity = (await (await admin.api('GET', '/api/v1/integrations/hubspot/activity')).json()) as { type: string }[];
    assert.deepEqual(activity.map((e) => e.type).slice(0, 4), [
      'revoked',
      'disconnected',
      'connect_succeeded',
      'connect_started',
    ]);
  });

  it('rejects a replayed callback with 400 and keeps exactly one connection', async () => {
    const { authorizeUrl } = await admin.startConnect('slack');
    const callbackUrl = await admin.consent(await admin.openAuthorize(authorizeUrl), 'authorize');
    assert.equal((await admin.callback(callbackUrl)).status, 303);
    const replay = await admin.callback(callbackUrl);
    assert.equal(replay.status, 400);
    assert.equal(await connectionCount('slack'), 1);
    await admin.api('DELETE', '/api/v1/integrations/slack/connection');
  });

  it("rejects a callback arriving on another provider's path", async () => {
    const { flowId, authorizeUrl } = await admin.startConnect('pipedrive');
    const callbackUrl = await admin.consent(await admin.openAuthorize(authorizeUrl), 'authorize');
    const wrongPath = callbackUrl.replace('/integrations/pipedrive/', '/integrations/calendly/');
    assert.equal((await admin.callback(wrongPath)).status, 400);
    assert.equal(await connectionCount('calendly'), 0);
    assert.equal(await connectionCount('pipedrive'), 0);
    assert.equal((await admin.flowStatus(flowId)).status, 'pending');
  });

  it('does not connect when the flow is completed in another browser', async () => {
    const { flowId, authorizeUrl } = await admin.startConnect('zoho-crm');
    const callbackUrl = await admin.consent(await admin.openAuthorize(authorizeUrl), 'authorize');
    const otherBrowser = new CookieJar();
    const response = await admin.callback(callbackUrl, { jar: otherBrowser });
    assert.equal(response.status, 303);
    assert.equal(await connectionCount('zoho-crm'), 0);
    assert.deepEqual(await admin.flowStatus(flowId), {
      flowId,
      integration: 'zoho-crm',
      status: 'failed',
      error: 'browser_mismatch',
    });
  });

  it('refuses to open the authorize link in a browser that did not start the flow', async () => {
    const { authorizeUrl } = await admin.startConnect('calendly');
    const stranger = new CookieJar();
    stranger.store(new Response(null, { headers: { 'Set-Cookie': `aurora_session=${admin.jar.get('aurora_session')}` } }));
    const response = await fetch(authorizeUrl, { headers: { Cookie: stranger.header() }, redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /browser that started it/);
  });

  it('marks an expired flow as expired and stores nothing', async () => {
    const { flowId, authorizeUrl } = await admin.startConnect('google-sheets');
    const callbackUrl = await admin.consent(await admin.openAuthorize(authorizeUrl), 'authorize');
    await dataSource.getRepository(OAuthFlow).update({ id: flowId }, { expiresAt: new Date(Date.now() - 1000) });
    const response = await admin.callback(callbackUrl);
    assert.equal(response.status, 303);
    assert.equal((await admin.flowStatus(flowId)).status, 'expired');
    assert.equal(await connectionCount('google-sheets'), 0);
  });

  it('records access_denied from the consent page as denied', async () => {
    const { flowId, authorizeUrl } = await admin.startConnect('salesforce');
    const callbackUrl = await admin.consent(await admin.openAuthorize(authorizeUrl), 'cancel');
    assert.match(callbackUrl, /error=access_denied/);
    const response = await admin.callback(callbackUrl);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), `${stack.appUrl}/oauth/complete?flow=${flowId}`);
    assert.deepEqual(await admin.flowStatus(flowId), {
      flowId,
      integration: 'salesforce',
      status: 'denied',
      error: 'access_denied',
    });
    assert.equal(await connectionCount('salesforce'), 0);
  });

  // Issue #11: a denial took a claim path of its own that skipped the browser-binding and role checks.
  it('refuses a denial callback from another browser exactly like a grant from one', async () => {
    const { flowId, authorizeUrl } = await admin.startConnect('salesforce');
    const callbackUrl = await admin.consent(await admin.openAuthorize(authorizeUrl), 'cancel');
    const response = await admin.callback(callbackUrl, { jar: new CookieJar() });
    assert.equal(response.status, 303);
    assert.deepEqual(await admin.flowStatus(flowId), {
      flowId,
      integration: 'salesforce',
      status: 'failed',
      error: 'browser_mismatch',
    });
  });

  for (const decision of ['authorize', 'cancel'] as const) {
    it(`refuses to end a flow whose admin lost the role while the popup was open (${decision})`, async () => {
      const { flowId, authorizeUrl } = await admin.startConnect('pipedrive');
      const callbackUrl = await admin.consent(await admin.openAuthorize(authorizeUrl), decision);
      await dataSource.getRepository(Membership).update({ userId: admin.user.id }, { roles: [Role.Agent] });
      assert.equal((await admin.callback(callbackUrl)).status, 303);
      const flow = await dataSource.getRepository(OAuthFlow).findOneByOrFail({ id: flowId });
      assert.deepEqual({ status: flow.status, error: flow.error }, { status: 'failed', error: 'forbidden_role' });
      assert.equal(await connectionCount('pipedrive'), 0);
    });
  }

  for (const mode of ['down', 'hang'] as const) {
    it(`fails within the timeout and stores nothing when the token endpoint is ${mode}`, async () => {
      await setFault('hubspot', 'token', mode);
      const { flowId, authorizeUrl } = await admin.startConnect('hubspot');
      const callbackUrl = await admin.consent(await admin.openAuthorize(authorizeUrl), 'authorize');
      const started = Date.now();
      const response = await admin.callback(callbackUrl);
      const elapsed = Date.now() - started;
      await setFault('hubspot', 'token', 'ok');
      assert.equal(response.status, 303);
      assert.ok(elapsed < 5000, `callback answered after ${elapsed} ms`);
      assert.deepEqual(await admin.flowStatus(flowId), {
        flowId,
        integration: 'hubspot',
        status: 'failed',
        error: 'provider_unavailable',
      });
      assert.equal(await connectionCount('hubspot'), 0);
    });
  }

  it('ends 20 concurrent connects for one account and integration with exactly one connection', async () => {
    // The browser already holds its binding cookie from an earlier connect, as it would after the first click.
    const first = await admin.startConnect('calendly');
    const flows = [first, ...(await Promise.all(Array.from({ length: 19 }, () => admin.startConnect('calendly'))))];
    const callbacks = await Promise.all(
      flows.map(async (f) => admin.consent(await admin.openAuthorize(f.authorizeUrl), 'authorize')),
    );
    const responses = await Promise.all(callbacks.map((url) => admin.callback(url)));
    assert.ok(responses.every((r) => r.status === 303));
    assert.equal(await connectionCount('calendly'), 1);
    const outcomes = (await Promise.all(flows.map((f) => admin.flowStatus(f.flowId)))).map((s) => s.error ?? s.status);
    assert.deepEqual(outcomes, Array(20).fill('connected'));
    await admin.api('DELETE', '/api/v1/integrations/calendly/connection');
  });

  // Issue #11: the loser's freshly issued tokens used to be overwritten and never revoked.
  it('revokes the grant that lost when two connects of one integration finish at once', async () => {
    const first = await admin.startConnect('calendly');
    const flows = [first, await admin.startConnect('calendly')];
    const callbacks = await Promise.all(
      flows.map(async (f) => admin.consent(await admin.openAuthorize(f.authorizeUrl), 'authorize')),
    );
    const responses = await Promise.all(callbacks.map((url) => admin.callback(url)));
    assert.deepEqual(
      responses.map((r) => r.status),
      [303, 303],
    );
    assert.equal(await connectionCount('calendly'), 1);
    for (const f of flows) assert.equal((await admin.flowStatus(f.flowId)).status, 'connected');

    const log = (await sandboxLog()).filter((e) => e.providerKey === 'calendly') as (SandboxEvent & { detail?: string })[];
    assert.equal(log.filter((e) => e.type === 'token_grant').length, 2);
    const revoked = log.filter((e) => e.type === 'revocation' && !/unknown token/.test(e.detail ?? ''));
    assert.equal(revoked.length, 1, 'exactly the losing grant is revoked at the provider');
    // The grant that is kept still works at the provider.
    const kept = await stack.app.app.get(ConnectionsService).accessToken(admin.user.accountId, 'calendly');
    const profile = await stack.app.app.get(ProviderRegistry).get('calendly').fetchProfile({ accessToken: kept, raw: {} });
    assert.ok(profile.id);
    await admin.api('DELETE', '/api/v1/integrations/calendly/connection');
  });

  it('completes on a second instance a flow started on the first', async () => {
    const second = await startSecondInstance(stack);
    try {
      const { flowId, authorizeUrl } = await admin.startConnect('slack');
      const callbackUrl = await admin.consent(await admin.openAuthorize(authorizeUrl), 'authorize');
      const response = await admin.callback(callbackUrl, { instanceUrl: second.url });
      assert.equal(response.status, 303);
      assert.equal((await admin.flowStatus(flowId)).status, 'connected');
      assert.equal((await detail('slack')).status, 'connected');
      await admin.api('DELETE', '/api/v1/integrations/slack/connection');
    } finally {
      await second.close();
    }
  });

  it('lets only the admin who started a flow read or cancel it', async () => {
    const { flowId } = await admin.startConnect('google-sheets');
    const colleague = await signedInAdmin(stack.app, { sameAccountAs: admin });
    assert.equal((await colleague.api('GET', `/api/v1/integrations/flows/${flowId}`)).status, 404);
    assert.equal((await colleague.api('DELETE', `/api/v1/integrations/flows/${flowId}`)).status, 404);
    assert.equal((await admin.api('DELETE', `/api/v1/integrations/flows/${flowId}`)).status, 204);
    assert.equal((await admin.flowStatus(flowId)).status, 'failed');
    assert.equal((await admin.api('DELETE', `/api/v1/integrations/flows/${flowId}`)).status, 409);
    assert.equal((await admin.api('GET', '/api/v1/integrations/flows/not-a-uuid')).status, 404);
  });

  it('expires abandoned flows and deletes them a day later', async () => {
    const { flowId } = await admin.startConnect('slack');
    const flows = dataSource.getRepository(OAuthFlow);
    await flows.update({ id: flowId }, { expiresAt: new Date(Date.now() - 1000) });
    await stack.app.app.get(OAuthFlowsService).cleanUp();
    assert.equal((await flows.findOneByOrFail({ id: flowId })).status, 'expired');
    await flows.update({ id: flowId }, { expiresAt: new Date(Date.now() - 25 * 3600_000) });
    await stack.app.app.get(HousekeepingService).sweep();
    assert.equal((await admin.api('GET', `/api/v1/integrations/flows/${flowId}`)).status, 404);
  });

  it('answers 404 for an unknown integration key', async () => {
    assert.equal((await admin.api('GET', '/api/v1/integrations/myspace')).status, 404);
    assert.equal((await admin.api('POST', '/api/v1/integrations/myspace/connect')).status, 404);
  });

  it('never stores a token in plain text nor sends one to the client', async () => {
    await admin.connect('pipedrive');
    const issued = (await sandboxLog()).filter((e) => e.type === 'token_grant');
    assert.ok(issued.length > 0);
    const rows = (await dataSource.query('SELECT * FROM connections')) as Record<string, unknown>[];
    const dump = JSON.stringify(rows) + JSON.stringify(await dataSource.query('SELECT * FROM oauth_flows'));
    assert.doesNotMatch(dump, /sbx_(at|rt)_/);
    const body = await (await admin.api('GET', '/api/v1/integrations/pipedrive')).text();
    // The health's expiry time is the one field allowed to be named after the token.
    assert.doesNotMatch(body.replace('"tokenExpiresAt"', ''), /sbx_|Enc|token/i);
    await admin.api('DELETE', '/api/v1/integrations/pipedrive/connection');
  });
});
