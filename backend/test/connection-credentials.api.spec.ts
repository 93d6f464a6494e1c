import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { Scope } from '../src/auth/scope.enum';
import { Connection } from '../src/integrations/connections/connection.entity';
import { TokenCipher } from '../src/integrations/connections/token-cipher';
import { TOKEN_CIPHER } from '../src/integrations/connections/token-cipher.provider';
import { createApiKey } from './factories/accounts.factory';
import { connectedAccount, ProxyAccount, sandboxControl, sandboxLog, withKey } from './support/proxy-world';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

interface Credentials {
  accessToken: string;
  expiresAt: string | null;
  scopes: string[];
  externalAccount: { id: string; name: string };
  instanceUrl?: string;
}

const CREDENTIALS = '/integrations/hubspot/connection/credentials';

describe(`connection credentials for services, and a connection that needs reconnecting (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let hubspot: ProxyAccount;
  const connections = () => stack.app.app.get(DataSource).getRepository(Connection);
  const activity = async (account: ProxyAccount, key: string) =>
    (await (await account.admin.api('GET', `/api/v1/integrations/${key}/activity`)).json()) as {
      type: string;
      actor: { name: string } | null;
      detail?: string;
    }[];

  before(async () => {
    stack = await startTestStack();
    hubspot = await connectedAccount(stack, 'hubspot', [Scope.IntegrationsCredentials]);
  });
  after(() => stack.close());
  beforeEach(() => sandboxControl(stack, 'reset'));

  it('hands a key with integrations:credentials a token valid for at least 5 minutes, uncached and audited by key name', async () => {
    const response = await withKey(stack, hubspot.key, CREDENTIALS);
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const credentials = (await response.json()) as Credentials;
    assert.ok(Date.parse(credentials.expiresAt ?? '') - Date.now() >= 300_000);
    assert.deepEqual(credentials.externalAccount, { id: 'sbx-hubspot-account-1', name: 'Sandbox HubSpot Account' });
    assert.ok(credentials.scopes.includes('crm.objects.contacts.read'));
    assert.equal(credentials.instanceUrl, undefined);
    const direct = await fetch(`${stack.sandbox.url}/hubspot/api/crm/v3/objects/contacts`, {
      headers: { Authorization: `Bearer ${credentials.accessToken}` },
    });
    assert.equal(direct.status, 200, 'the token works at the provider');
    const [latest] = await activity(hubspot, 'hubspot');
    assert.equal(latest.type, 'integration.credentials_read');
    assert.match(latest.detail ?? '', /API key "test key"/);
    assert.doesNotMatch(JSON.stringify(latest), /sbx_at_/);
  });

  it('refreshes first when the stored token would expire within 5 minutes', async () => {
    const key = { accountId: hubspot.admin.user.accountId, integrationKey: 'hubspot' };
    await connections().update(key, { tokenExpiresAt: new Date(Date.now() + 120_000) });
    const credentials = (await (await withKey(stack, hubspot.key, CREDENTIALS)).json()) as Credentials;
    assert.ok(Date.parse(credentials.expiresAt ?? '') - Date.now() >= 300_000);
    assert.equal((await sandboxLog(stack)).filter((entry) => entry.type === 'token_refresh').length, 1);
  });

  it('refuses a key without the scope, and any browser session, even an administrator’s', async () => {
    const proxyOnly = await createApiKey(stack.app.app, hubspot.admin.user.accountId, [Scope.IntegrationsProxy]);
    const refused = await withKey(stack, proxyOnly, CREDENTIALS);
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { message: string }).message, /integrations:credentials/);

    const session = await hubspot.admin.api('GET', `/api/v1${CREDENTIALS}`);
    assert.equal(session.status, 403);
    const body = (await session.json()) as { error: string; message: string };
    assert.equal(body.error, 'credentials_need_api_key');
    assert.doesNotMatch(JSON.stringify(body), /sbx_at_/);
  });

  it('names the Salesforce instance URL from the token response', async () => {
    const salesforce = await connectedAccount(stack, 'salesforce', [Scope.IntegrationsCredentials]);
    const credentials = (await (
      await withKey(stack, salesforce.key, '/integrations/salesforce/connection/credentials')
    ).json()) as Credentials;
    assert.equal(credentials.instanceUrl, `${stack.sandbox.url}/salesforce/api`);
  });

  it('answers 409 with the reason once the provider rejected the refresh token, for the proxy and credentials alike', async () => {
    const pipedrive = await connectedAccount(stack, 'pipedrive', [Scope.IntegrationsProxy, Scope.IntegrationsCredentials]);
    const key = { accountId: pipedrive.admin.user.accountId, integrationKey: 'pipedrive' };
    const cipher = stack.app.app.get<TokenCipher>(TOKEN_CIPHER);
    const forged = cipher.encrypt('sbx_rt_unknown', { ...key, field: 'refresh_token' });
    await connections().update(key, { refreshTokenEnc: forged });
    await sandboxControl(stack, 'expire-tokens', { providerKey: 'pipedrive' });

    const proxied = await withKey(stack, pipedrive.key, '/integrations/pipedrive/proxy/v1/persons');
    assert.equal(proxied.status, 409);
    const body = (await proxied.json()) as { error: string; message: string };
    assert.equal(body.error, 'reauth_required');
    assert.match(body.message, /reconnect.*rejected the refresh token/i);
    const credentials = await withKey(stack, pipedrive.key, '/integrations/pipedrive/connection/credentials');
    assert.equal(credentials.status, 409);
    assert.ok((await activity(pipedrive, 'pipedrive')).some((event) => event.type === 'reauth_required'));
  });

  it('audits proxy use at most once a minute per connection, with the key’s name and no body', async () => {
    const calendly = await connectedAccount(stack, 'calendly', [Scope.IntegrationsProxy]);
    for (let call = 0; call < 3; call++) {
      assert.equal((await withKey(stack, calendly.key, '/integrations/calendly/proxy/users/me')).status, 200);
    }
    const used = (await activity(calendly, 'calendly')).filter((event) => event.type === 'integration.proxy_used');
    assert.equal(used.length, 1);
    assert.match(used[0].detail ?? '', /^GET by API key "test key"/);
    const detail = (await (await calendly.admin.api('GET', '/api/v1/integrations/calendly')).json()) as {
      connection: { usage: { callsToday: number; lastError: string | null } };
    };
    assert.deepEqual(detail.connection.usage.callsToday, 3);
    assert.equal(detail.connection.usage.lastError, null);
  });
});
