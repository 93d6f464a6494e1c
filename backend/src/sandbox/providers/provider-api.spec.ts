import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxClient, SandboxServer } from '../core/sandbox.types';
import { HUBSPOT, obtainTokens, postJson, revoke, sandboxLog, startTestSandbox } from '../../../test/support/sandbox-harness';

const client = (providerKey: string, name: string): SandboxClient => ({
  ...HUBSPOT,
  providerKey,
  clientId: `${providerKey}-client`,
  clientSecret: `${providerKey}-secret`,
  redirectUri: `http://localhost:3000/api/v1/integrations/${providerKey}/callback`,
  name,
});
const SALESFORCE = client('salesforce', 'Salesforce');
const PIPEDRIVE = client('pipedrive', 'Pipedrive');
const ZOHO = client('zoho-crm', 'Zoho CRM');
const CALENDLY = client('calendly', 'Calendly');
const SLACK = client('slack', 'Slack');

describe('sandbox provider APIs', () => {
  let sandbox: SandboxServer;
  const get = (providerKey: string, path: string, token?: string) =>
    fetch(`${sandbox.url}/${providerKey}/api${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  before(async () => {
    sandbox = await startTestSandbox({ clients: [HUBSPOT, SALESFORCE, PIPEDRIVE, ZOHO, CALENDLY, SLACK] });
  });
  after(() => sandbox.close());

  it('answers each provider’s representative endpoint for the token’s external account', async () => {
    const cases: [SandboxClient, string, (body: never) => unknown][] = [
      [HUBSPOT, '/crm/v3/objects/contacts?limit=1', (b: { results: unknown[] }) => b.results.length],
      [SALESFORCE, '/services/data/v60.0/sobjects', (b: { sobjects: unknown[] }) => b.sobjects.length],
      [PIPEDRIVE, '/v1/persons', (b: { success: boolean; data: unknown[] }) => b.success && b.data.length],
      [ZOHO, '/crm/v2/Contacts', (b: { data: unknown[] }) => b.data.length],
      [CALENDLY, '/users/me', (b: { resource: { slug: string } }) => b.resource.slug],
    ];
    const seen = [];
    for (const [provider, path, pick] of cases) {
      const { access_token } = await obtainTokens(sandbox, provider);
      const response = await get(provider.providerKey, path, access_token);
      assert.equal(response.status, 200, `${provider.providerKey}: ${await response.clone().text()}`);
      assert.equal(response.headers.get('x-ratelimit-limit'), '100');
      seen.push(pick((await response.json()) as never));
    }
    assert.deepEqual(seen, [1, 3, 3, 3, 'sbx-calendly-account-1']);
  });

  it('echoes method, path, query and body with the external account', async () => {
    const { access_token } = await obtainTokens(sandbox, PIPEDRIVE);
    const response = await fetch(`${sandbox.url}/pipedrive/api/echo/v1/deals?status=open`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      body: '{"title":"Deal"}',
    });
    const echo = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(
      { method: echo.method, path: echo.path, query: echo.query, body: echo.body, externalAccount: echo.externalAccount },
      {
        method: 'POST',
        path: '/v1/deals',
        query: { status: 'open' },
        body: '{"title":"Deal"}',
        externalAccount: { id: 'sbx-pipedrive-account-1', name: 'Sandbox Pipedrive Account' },
      },
    );
  });

  it('refuses expired, revoked, foreign and missing tokens in each provider’s own shape', async () => {
    const hubspot = await obtainTokens(sandbox, HUBSPOT);
    const salesforce = await obtainTokens(sandbox, SALESFORCE);
    const slack = await obtainTokens(sandbox, SLACK);
    assert.equal((await postJson(`${sandbox.url}/control/expire-tokens`, { providerKey: 'hubspot' })).status, 200);

    const expired = await get('hubspot', '/crm/v3/objects/contacts', hubspot.access_token);
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as { category: string }).category, 'EXPIRED_AUTHENTICATION');

    const foreign = await get('salesforce', '/services/data/v60.0/sobjects', hubspot.access_token);
    assert.equal(foreign.status, 401);
    assert.deepEqual(await foreign.json(), [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);

    await revoke(sandbox, SALESFORCE, salesforce.refresh_token);
    const revoked = await get('salesforce', '/services/data/v60.0/sobjects', salesforce.access_token);
    assert.equal(revoked.status, 401);

    const missing = await get('zoho-crm', '/crm/v2/Contacts');
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { code: string }).code, 'INVALID_TOKEN');

    await revoke(sandbox, SLACK, slack.refresh_token);
    const slackRevoked = await get('slack', '/auth.test', slack.access_token);
    assert.equal(slackRevoked.status, 200, 'Slack answers errors with HTTP 200');
    assert.deepEqual(await slackRevoked.json(), { ok: false, error: 'token_revoked' });

    const log = (await sandboxLog(sandbox)).filter((event) => event.type === 'api_call').map((event) => event.detail);
    assert.ok(log.includes('GET /crm/v3/objects/contacts → 401 (token expired)'));
    assert.ok(log.includes('GET /services/data/v60.0/sobjects → 401 (token unknown)'));
    assert.ok(log.includes('GET /services/data/v60.0/sobjects → 401 (token revoked)'));
  });

  it('names the Salesforce instance URL in its token response', async () => {
    const tokens = (await obtainTokens(sandbox, SALESFORCE)) as unknown as { instance_url: string };
    assert.equal(tokens.instance_url, `${sandbox.url}/salesforce/api`);
  });

  it('refuses expire-tokens for a provider it does not serve', async () => {
    assert.equal((await postJson(`${sandbox.url}/control/expire-tokens`, { providerKey: 'nope' })).status, 400);
  });
});
