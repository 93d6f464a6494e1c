import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { ApiKey } from '../src/auth/entities/api-key.entity';
import { Scope } from '../src/auth/scope.enum';
import { Role } from '../src/roles/role.enum';
import { createApiKey, createUser, TestUser } from './factories/accounts.factory';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

describe(`sign-in, sessions and API keys (${testDatabaseKind()})`, () => {
  let app: TestApp;
  let admin: TestUser;

  const login = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: app.url, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const cookieOf = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith('aurora_session='))!;

  before(async () => {
    app = await startTestApp();
    admin = await createUser(app.app, { role: Role.ChannelsAdmin, name: 'Ada Admin' });
  });
  after(() => app.close());

  it('signs in with an httpOnly SameSite=Lax cookie, knows the user, and signs out for real', async () => {
    const response = await login({ email: admin.email.toUpperCase(), password: admin.password });
    assert.equal(response.status, 200);
    const user = (await response.json()) as { email: string; name: string; roles: string[]; accountName: string };
    assert.deepEqual({ email: user.email, name: user.name, roles: user.roles }, { email: admin.email, name: 'Ada Admin', roles: [Role.ChannelsAdmin] });
    assert.doesNotMatch(JSON.stringify(user), /password|hash/i);
    const setCookie = cookieOf(response);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    const cookie = setCookie.split(';')[0];

    const me = await fetch(`${app.url}/api/v1/auth/me`, { headers: { Cookie: cookie } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { email: string }).email, admin.email);

    const logout = await fetch(`${app.url}/api/v1/auth/logout`, { method: 'POST', headers: { Cookie: cookie, Origin: app.url } });
    assert.equal(logout.status, 204);
    assert.equal((await fetch(`${app.url}/api/v1/auth/me`, { headers: { Cookie: cookie } })).status, 401);
  });

  it('gives one message for an unknown e-mail and a wrong password', async () => {
    const unknown = await login({ email: 'nobody@aurora.test', password: 'whatever' });
    const wrong = await login({ email: admin.email, password: 'not-the-password' });
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    assert.deepEqual(await unknown.json(), await wrong.json());
  });

  for (const [label, body, field] of [
    ['missing email', { password: 'x' }, 'email'],
    ['missing password', { email: 'a@aurora.test' }, 'password'],
    ['ill-typed password', { email: 'a@aurora.test', password: 42 }, 'password'],
    ['malformed email', { email: 'not-an-email', password: 'x' }, 'email'],
    ['extra field', { email: 'a@aurora.test', password: 'x', admin: true }, 'admin'],
  ] as const) {
    it(`answers 400 naming the field for ${label}`, async () => {
      const response = await login(body);
      assert.equal(response.status, 400);
      const error = (await response.json()) as ErrorBody;
      assert.equal(error.error, 'validation_failed');
      assert.match(error.message, new RegExp(field));
    });
  }

  it('answers 400 for malformed JSON and 413 for a 1 MB body, never 500', async () => {
    const bad = await login('{"email":');
    assert.equal(bad.status, 400);
    const huge = await login({ email: 'a@aurora.test', password: 'x'.repeat(1024 * 1024) });
    assert.equal(huge.status, 413);
    assert.equal(((await huge.json()) as ErrorBody).error, 'payload_too_large');
  });

  it('rate-limits repeated wrong passwords with 429 and Retry-After', async () => {
    const victim = await createUser(app.app, { role: Role.Agent });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 10; i++) {
      const response = await login({ email: victim.email, password: 'wrong' });
      statuses.push(response.status);
      retryAfter ??= response.headers.get('retry-after');
    }
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.ok(statuses.slice(5).every((s) => s === 429), statuses.join(','));
    assert.ok(Number(retryAfter) > 0);
    const correct = await login({ email: victim.email, password: victim.password });
    assert.equal(correct.status, 429, 'the right password does not bypass the limit');
  });

  it('refuses sign-in and sign-out from a foreign Origin', async () => {
    const foreign = await login({ email: admin.email, password: admin.password }, { Origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(((await foreign.json()) as ErrorBody).error, 'forbidden_origin');
    const cookie = cookieOf(await login({ email: admin.email, password: admin.password })).split(';')[0];
    const logout = await fetch(`${app.url}/api/v1/auth/logout`, { method: 'POST', headers: { Cookie: cookie, Origin: 'https://evil.example' } });
    assert.equal(logout.status, 403);
    assert.equal((await fetch(`${app.url}/api/v1/auth/me`, { headers: { Cookie: cookie } })).status, 200);
  });

  it('authenticates services by API key, records its use, and rejects it once revoked', async () => {
    const key = await createApiKey(app.app, admin.accountId, [Scope.IntegrationsRead]);
    assert.match(key, /^aur_/);
    const response = await fetch(`${app.url}/api/v1/integrations`, { headers: { Authorization: `Bearer ${key}` } });
    assert.equal(response.status, 200);
    const stored = await app.app.get(DataSource).getRepository(ApiKey).findOneByOrFail({ accountId: admin.accountId });
    assert.ok(stored.lastUsedAt);
    const raw = JSON.stringify(await app.app.get(DataSource).query('SELECT * FROM api_keys'));
    assert.ok(!raw.includes(key), 'the key itself is never stored');

    assert.equal(await app.app.get(ApiKeysService).revoke(stored.id), true);
    assert.equal((await fetch(`${app.url}/api/v1/integrations`, { headers: { Authorization: `Bearer ${key}` } })).status, 401);
    assert.equal((await fetch(`${app.url}/api/v1/integrations`, { headers: { Authorization: 'Bearer aur_made-up' } })).status, 401);
  });

  it('names the missing role to an agent', async () => {
    const agent = await createUser(app.app, { role: Role.Agent });
    const cookie = cookieOf(await login({ email: agent.email, password: agent.password })).split(';')[0];
    const response = await fetch(`${app.url}/api/v1/integrations`, { headers: { Cookie: cookie } });
    assert.equal(response.status, 403);
    const body = (await response.json()) as ErrorBody;
    assert.equal(body.error, 'forbidden_role');
    assert.match(body.message, /Channels Administrator/);
  });
});
