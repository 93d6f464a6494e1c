import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { healthHarness } from './support/health-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

/**
 * The real HubSpot provider (its own client, its own call shapes) pointed at an in-house OAuth server by
 * one setting, HUBSPOT_BASE_URL: here the sandbox serving HubSpot's paths under `/hubspot`.
 */
describe(`one URL override per provider and no orphaned grants (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;
  let h: ReturnType<typeof healthHarness>;

  before(async () => {
    stack = await startTestStack({
      env: (sandboxUrl) => ({
        HUBSPOT_CLIENT_ID: 'inhouse-hubspot-client',
        HUBSPOT_CLIENT_SECRET: 'inhouse-hubspot-secret',
        HUBSPOT_BASE_URL: `${sandboxUrl}/hubspot`,
      }),
    });
    h = healthHarness(stack);
  });
  after(() => stack.close());
  beforeEach(async () => {
    admin = await signedInAdmin(stack.app);
    await h.reset();
  });

  it('connects, tests and disconnects an overridden HubSpot end to end without calling hubapi.com', async () => {
    const { authorizeUrl } = await admin.startConnect('hubspot');
    const providerPage = await admin.openAuthorize(authorizeUrl);
    assert.ok(providerPage.startsWith(`${stack.sandbox.url}/hubspot/oauth/authorize?`), providerPage);
    const callback = await admin.callback(await admin.consent(providerPage, 'authorize'));
    assert.equal(callback.status, 303);

    const detail = (await (await admin.api('GET', '/api/v1/integrations/hubspot')).json()) as {
      status: string;
      connection: { externalAccount: { id: string; name: string } };
    };
    assert.equal(detail.status, 'connected');
    assert.deepEqual(detail.connection.externalAccount, { id: '1000001', name: 'sandbox-portal.hubspot.example' });
    const test = await admin.api('POST', '/api/v1/integrations/hubspot/connection/test');
    assert.equal(((await test.json()) as { state: string }).state, 'healthy');

    assert.equal((await admin.api('DELETE', '/api/v1/integrations/hubspot/connection')).status, 204);
    const log = await h.log();
    assert.ok(log.some((e) => e.type === 'token_grant' && e.providerKey === 'hubspot'));
    assert.ok(
      log.some((e) => e.type === 'revocation' && /HubSpot DELETE/.test(e.detail ?? '')),
      JSON.stringify(log),
    );
    assert.equal(await h.liveGrants('hubspot'), 0);
  });

  it('revokes the just-issued grant when the profile call fails after the code exchange', async () => {
    await h.setFault('hubspot', 'me', 'down');
    const { flowId, authorizeUrl } = await admin.startConnect('hubspot');
    const callback = await admin.callback(await admin.consent(await admin.openAuthorize(authorizeUrl), 'authorize'));
    assert.equal(callback.status, 303);

    const flow = await admin.flowStatus(flowId);
    assert.deepEqual([flow.status, flow.error], ['failed', 'provider_unavailable']);
    const types = (await h.log()).map((e) => e.type);
    assert.deepEqual(types.slice(types.indexOf('token_grant')), ['token_grant', 'revocation']);
    assert.equal(await h.liveGrants('hubspot'), 0, 'no live grant is left at the provider');
    const activity = (await (await admin.api('GET', '/api/v1/integrations/hubspot/activity')).json()) as { type: string }[];
    assert.ok(activity.some((a) => a.type === 'revoked'));
  });
});
