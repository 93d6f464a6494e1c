import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '../src/auth/scope.enum';
import { Role } from '../src/roles/role.enum';
import { createApiKey } from './factories/accounts.factory';
import { SignedInDriver, signedIn } from './support/signed-in';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

interface ApiKeyBody {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  lastUsedAt: string | null;
}

describe(`API keys in Settings (${testDatabaseKind()})`, () => {
  let app: TestApp;
  let admin: SignedInDriver;
  let otherAdmin: SignedInDriver;

  before(async () => {
    app = await startTestApp();
    admin = await signedIn(app);
    otherAdmin = await signedIn(app);
  });
  after(() => app.close());

  const send = (
    driver: SignedInDriver | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: {
        Origin: app.url,
        'Content-Type': 'application/json',
        ...(driver && { Cookie: driver.jar.header() }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const create = async (driver: SignedInDriver, body: unknown) => {
    const response = await send(driver, 'POST', '/api-keys', body);
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as { apiKey: ApiKeyBody; key: string };
  };
  const list = async (driver: SignedInDriver) =>
    ((await (await send(driver, 'GET', '/api-keys')).json()) as { data: ApiKeyBody[] }).data;
  const useKey = (key: string) => fetch(`${app.url}/api/v1/integrations`, { headers: { Authorization: `Bearer ${key}` } });

  it('creates a key shown once; the list shows its prefix, scopes, creator and last use, never the key', async () => {
    const { apiKey, key } = await create(admin, { name: '  Billing sync ', scopes: ['integrations:read', 'events:read'] });
    assert.match(key, /^aur_/);
    assert.ok(key.startsWith(apiKey.prefix) && apiKey.prefix.length < key.length);
    assert.deepEqual(
      { name: apiKey.name, scopes: apiKey.scopes, createdBy: apiKey.createdBy, lastUsedAt: apiKey.lastUsedAt },
      {
        name: 'Billing sync',
        scopes: ['integrations:read', 'events:read'],
        createdBy: { id: admin.user.id, name: admin.user.name },
        lastUsedAt: null,
      },
    );

    assert.equal((await useKey(key)).status, 200, 'the key works at once');
    const listed = (await list(admin)).find((entry) => entry.id === apiKey.id);
    assert.ok(listed, 'listed');
    assert.ok(listed.lastUsedAt, 'the use is recorded');
    assert.ok(!JSON.stringify(await list(admin)).includes(key), 'the key itself is never listed');
    assert.deepEqual(Object.keys(listed).sort(), ['createdAt', 'createdBy', 'id', 'lastUsedAt', 'name', 'prefix', 'scopes']);
  });

  it('lists keys made with the CLI without a creator', async () => {
    await createApiKey(app.app, admin.user.accountId, [Scope.ContactsRead]);
    assert.ok((await list(admin)).some((entry) => entry.createdBy === null && entry.scopes.join() === 'contacts:read'));
  });

  it('revokes a key: refused with 401 from the next request on, and gone from the list', async () => {
    const { apiKey, key } = await create(admin, { name: 'Short-lived', scopes: ['integrations:read'] });
    assert.equal((await useKey(key)).status, 200);
    assert.equal((await send(admin, 'DELETE', `/api-keys/${apiKey.id}`)).status, 204);
    assert.equal((await useKey(key)).status, 401);
    assert.ok(!(await list(admin)).some((entry) => entry.id === apiKey.id));
    assert.equal((await send(admin, 'DELETE', `/api-keys/${apiKey.id}`)).status, 404, 'revoked once');
  });

  it('keeps each account to its own keys: another account’s id is not found and its keys are not listed', async () => {
    const { apiKey, key } = await create(admin, { name: 'Mine', scopes: ['contacts:read'] });
    assert.ok(!(await list(otherAdmin)).some((entry) => entry.id === apiKey.id));
    const response = await send(otherAdmin, 'DELETE', `/api-keys/${apiKey.id}`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: string }).error, 'api_key_not_found');
    assert.equal((await fetch(`${app.url}/api/v1/contacts`, { headers: { Authorization: `Bearer ${key}` } })).status, 200);
    assert.equal((await send(admin, 'DELETE', '/api-keys/not-a-uuid')).status, 404);
  });

  it('refuses malformed bodies with 400 naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ scopes: ['contacts:read'] }, /^name/],
      [{ name: '   ', scopes: ['contacts:read'] }, /^name/],
      [{ name: 'x'.repeat(101), scopes: ['contacts:read'] }, /^name/],
      [{ name: 'Svc', scopes: [] }, /^scopes/],
      [{ name: 'Svc', scopes: ['integrations:write'] }, /^scopes/],
      [{ name: 'Svc', scopes: 'contacts:read' }, /^scopes/],
      [{ name: 'Svc', scopes: ['contacts:read', 'contacts:read'] }, /^scopes/],
      [{ name: 'Svc', scopes: ['contacts:read'], accountId: otherAdmin.user.accountId }, /accountId/],
    ];
    for (const [body, message] of cases) {
      const response = await send(admin, 'POST', '/api-keys', body);
      const answer = (await response.json()) as { error: string; message: string };
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(answer.error, 'validation_failed');
      assert.match(answer.message, message, JSON.stringify(body));
    }
  });

  it('is for Channels Administrators’ sessions: agents get 403 naming the role, keys never manage keys', async () => {
    const agent = await signedIn(app, { role: Role.Agent, sameAccountAs: admin });
    const agentAnswer = await send(agent, 'GET', '/api-keys');
    assert.equal(agentAnswer.status, 403);
    assert.match(((await agentAnswer.json()) as { message: string }).message, /Channels Administrator/);

    const key = await createApiKey(app.app, admin.user.accountId, Object.values(Scope));
    for (const [method, body] of [
      ['GET', undefined],
      ['POST', { name: 'Escalation', scopes: ['contacts:read'] }],
    ] as const) {
      const response = await send(null, method, '/api-keys', body, { Authorization: `Bearer ${key}` });
      assert.equal(response.status, 403, method);
      assert.equal(((await response.json()) as { error: string }).error, 'forbidden_api_key');
    }
  });
});
