import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Scope } from '../src/auth/scope.enum';
import { MetricsService } from '../src/metrics/metrics.service';
import { createApiKey } from './factories/accounts.factory';
import { agentOf, connectedAccount, ProxyAccount, sandboxControl, sandboxLog, withKey } from './support/proxy-world';
import { signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

interface Contacts {
  results: { id: string; properties: { email: string } }[];
  paging?: { next: { after: string } };
}

interface Echo {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  contentType: string | null;
  headers: Record<string, string>;
  externalAccount: { id: string };
}

/** A GET whose request target goes out byte for byte. */
function rawGet(url: string, key: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const path = url.slice(new URL(url).origin.length);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { Authorization: `Bearer ${key}` } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const CONTACTS = '/integrations/hubspot/proxy/crm/v3/objects/contacts';

describe(`the provider proxy (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let hubspot: ProxyAccount;

  before(async () => {
    stack = await startTestStack({ env: { PROXY_MAX_BODY_BYTES: '2048', PROXY_TIMEOUT_MS: '700' } });
    hubspot = await connectedAccount(stack, 'hubspot', [Scope.IntegrationsProxy]);
  });
  after(() => stack.close());
  beforeEach(() => sandboxControl(stack, 'reset'));

  it('answers a key with integrations:proxy with the sandbox HubSpot contacts of the connected account', async () => {
    const response = await withKey(stack, hubspot.key, `${CONTACTS}?limit=2`);
    assert.equal(response.status, 200, await response.clone().text());
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('x-ratelimit-limit'), '100');
    assert.match(response.headers.get('content-security-policy') ?? '', /sandbox/, 'a provider body never runs as the app');
    assert.ok(response.headers.get('x-ratelimit-remaining'));
    const body = (await response.json()) as Contacts;
    assert.equal(body.results.length, 2);
    assert.equal(body.paging?.next.after, '2');
    assert.match(body.results[0].properties.email, /@sbx-hubspot-account-1\.example\.test$/);
    const counted = (await stack.app.app.get(MetricsService).proxyCalls.get()).values;
    assert.ok(
      counted.some((sample) => sample.labels.provider === 'hubspot' && sample.labels.status === '200' && sample.value >= 1),
    );
    const calls = (await sandboxLog(stack)).filter((entry) => entry.type === 'api_call');
    assert.deepEqual(
      calls.map((entry) => entry.detail),
      ['GET /crm/v3/objects/contacts → 200'],
    );
  });

  it('passes method, query and body through, strips the caller’s credentials and names the external account', async () => {
    const response = await withKey(stack, hubspot.key, '/integrations/hubspot/proxy/echo/a/b?x=1&y=two', {
      method: 'PATCH',
      headers: { 'Content-Type': 'text/plain', Cookie: 'aurora_session=secret', 'X-Api-Key': 'other', 'X-Trace': 't-1' },
      body: 'plain text, not JSON',
    });
    assert.equal(response.status, 200, await response.clone().text());
    const echo = (await response.json()) as Echo;
    assert.deepEqual(
      { method: echo.method, path: echo.path, query: echo.query, body: echo.body, contentType: echo.contentType },
      { method: 'PATCH', path: '/a/b', query: { x: '1', y: 'two' }, body: 'plain text, not JSON', contentType: 'text/plain' },
    );
    assert.equal(echo.externalAccount.id, 'sbx-hubspot-account-1');
    assert.equal(echo.headers['x-trace'], 't-1');
    for (const header of ['cookie', 'x-api-key', 'origin']) assert.equal(echo.headers[header], undefined, header);
  });

  it('relays the provider’s own errors with their status and body', async () => {
    const response = await withKey(stack, hubspot.key, `${CONTACTS}?limit=1000`);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('aurora-proxied'), 'hubspot', 'marked as the provider’s answer');
    assert.match(((await response.json()) as { message: string }).message, /limit/);
    const detail = (await (await hubspot.admin.api('GET', '/api/v1/integrations/hubspot')).json()) as {
      connection: { usage: { callsToday: number; lastError: string | null; lastUsedAt: string | null } };
    };
    assert.equal(detail.connection.usage.lastError, 'HubSpot answered HTTP 400');
    assert.ok(detail.connection.usage.callsToday >= 1);
    assert.ok(detail.connection.usage.lastUsedAt);
  });

  it('refuses a key without the scope and an agent, naming what is missing; an admin session may try it', async () => {
    const readOnly = await createApiKey(stack.app.app, hubspot.admin.user.accountId, [Scope.IntegrationsRead]);
    const refused = await withKey(stack, readOnly, CONTACTS);
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { message: string }).message, /integrations:proxy/);

    const agent = await agentOf(stack, hubspot);
    const agentAnswer = await agent.api('GET', `/api/v1${CONTACTS}`);
    assert.equal(agentAnswer.status, 403);
    assert.match(((await agentAnswer.json()) as { message: string }).message, /Channels Administrator/);

    assert.equal((await hubspot.admin.api('GET', `/api/v1${CONTACTS}`)).status, 200);
  });

  it('answers 404 not_connected for an integration this account has not connected, and never reaches another account', async () => {
    const other = await signedInAdmin(stack.app);
    const otherKey = await createApiKey(stack.app.app, other.user.accountId, [Scope.IntegrationsProxy]);
    const before = (await sandboxLog(stack)).length;
    const response = await withKey(stack, otherKey, CONTACTS);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: string }).error, 'not_connected');
    assert.equal((await sandboxLog(stack)).length, before, 'nothing reached the sandbox');
    assert.equal((await withKey(stack, hubspot.key, '/integrations/pipedrive/proxy/v1/persons')).status, 404);
  });

  it('refuses dot segments that would climb out of the API base', async () => {
    // Sent raw: fetch would resolve the dot segments before they left the test.
    for (const path of ['/crm/../../oauth/token', '/crm/%2e%2e/%2E%2E/oauth/revoke', '/crm/..%5C..%5Coauth']) {
      const answer = await rawGet(`${stack.appUrl}/api/v1/integrations/hubspot/proxy${path}`, hubspot.key);
      assert.equal(answer.status, 400, path);
      assert.equal((JSON.parse(answer.body) as { error: string }).error, 'invalid_proxy_path');
    }
    assert.equal((await sandboxLog(stack)).length, 0, 'nothing reached the sandbox');
  });

  it('refuses a body over PROXY_MAX_BODY_BYTES with 413 before calling the provider', async () => {
    const response = await withKey(stack, hubspot.key, '/integrations/hubspot/proxy/echo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(4096) }),
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error: string }).error, 'body_too_large');
    assert.equal((await sandboxLog(stack)).filter((entry) => entry.type === 'api_call').length, 0);
  });

  it('gives up on a provider that does not answer with a 504 that says so', async () => {
    await sandboxControl(stack, 'faults', { providerKey: 'hubspot', endpoint: 'api', mode: 'hang' });
    const response = await withKey(stack, hubspot.key, CONTACTS);
    assert.equal(response.status, 504);
    const body = (await response.json()) as { error: string; message: string };
    assert.equal(body.error, 'provider_timeout');
    assert.match(body.message, /HubSpot did not answer within 700 ms/);
  });

  it('after the sandbox expires the token, refreshes once and succeeds', async () => {
    await sandboxControl(stack, 'expire-tokens', { providerKey: 'hubspot' });
    const response = await withKey(stack, hubspot.key, CONTACTS);
    assert.equal(response.status, 200, await response.clone().text());
    const log = await sandboxLog(stack);
    assert.equal(log.filter((entry) => entry.type === 'token_refresh').length, 1);
    assert.deepEqual(
      log.filter((entry) => entry.type === 'api_call').map((entry) => entry.detail),
      ['GET /crm/v3/objects/contacts → 401 (token expired)', 'GET /crm/v3/objects/contacts → 200'],
    );
  });

  it('10 concurrent calls during expiry cost the sandbox exactly one refresh, and all succeed', async () => {
    await sandboxControl(stack, 'expire-tokens', { providerKey: 'hubspot' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => withKey(stack, hubspot.key, CONTACTS)));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      Array(10).fill(200),
    );
    assert.equal((await sandboxLog(stack)).filter((entry) => entry.type === 'token_refresh').length, 1);
  });

  it('forwards Salesforce calls to the instance_url from its token response', async () => {
    const salesforce = await connectedAccount(stack, 'salesforce', [Scope.IntegrationsProxy]);
    const response = await withKey(stack, salesforce.key, '/integrations/salesforce/proxy/services/data/v60.0/sobjects');
    assert.equal(response.status, 200, await response.clone().text());
    const body = (await response.json()) as { sobjects: { name: string }[] };
    assert.deepEqual(
      body.sobjects.map((sobject) => sobject.name),
      ['Account', 'Contact', 'Lead'],
    );
  });
});
