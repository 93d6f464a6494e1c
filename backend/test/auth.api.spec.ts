import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { ApiKey } from '../src/auth/entities/api-key.entity';
import { Session } from '../src/auth/entities/session.entity';
import { Scope } from '../src/auth/scope.enum';
import { Membership } from '../src/accounts/membership.entity';
import { Role } from '../src/roles/role.enum';
import type { ErrorResponse } from '../../frontend/src/api/schema';
import { createApiKey, createUser, signIn, TestUser } from './factories/accounts.factory';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

type ErrorBody = ErrorResponse;

describe(`sign-in, sessions and API keys (${testDatabaseKind()})`, () => {
  let app: TestApp;
  let admin: TestUser;
  const statuses: number[] = [];

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${app.url}/api/v1${path}`, init);
    statuses.push(response.status);
    return response;
  };
  const login = (body: unknown, headers: Record<string, string> = {}) =>
    call('/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: app.url, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const me = (headers: Record<string, string>) => call('/auth/me', { headers });
  const logout = (headers: Record<string, string>) =>
    call('/auth/logout', { method: 'POST', headers: { Origin: app.url, ...headers } });
  const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;
  const sessionCookieOf = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith('aurora_session='));
  const db = () => app.app.get(DataSource);

  before(async () => {
    app = await startTestApp();
    admin = await createUser(app.app, { role: Role.ChannelsAdmin, name: 'Ada Admin' });
  });
  after(async () => {
    await app.close();
  });

  it('signs in with an httpOnly, SameSite=Lax session cookie and answers with the user', async () => {
    const response = await login({ email: admin.email.toUpperCase(), password: admin.password });
    assert.equal(response.status, 200);
    const user = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(user).sort(), ['accountId', 'accountName', 'email', 'id', 'name', 'roles']);
    assert.deepEqual(
      { email: user.email, name: user.name, roles: user.roles, accountId: user.accountId },
      { email: admin.email, name: 'Ada Admin', roles: [Role.ChannelsAdmin], accountId: admin.accountId },
    );
    const setCookie = sessionCookieOf(response);
    assert.ok(setCookie, 'sets aurora_session');
    assert.match(setCookie, /;\s*HttpOnly/i);
    assert.match(setCookie, /;\s*SameSite=Lax/i);
    assert.match(setCookie, /;\s*Path=\//i);
    assert.doesNotMatch(setCookie, /;\s*Secure/i, 'no Secure flag while APP_URL is plain http');
  });

  it('knows the signed-in user, and signing out really ends the session', async () => {
    const cookie = await signIn(app.url, admin.email, admin.password);
    const who = await me({ Cookie: cookie });
    assert.equal(who.status, 200);
    assert.equal(((await who.json()) as { email: string }).email, admin.email);

    const out = await logout({ Cookie: cookie });
    assert.equal(out.status, 204);
    assert.match(sessionCookieOf(out) ?? '', /aurora_session=;.*Expires=Thu, 01 Jan 1970/i, 'the cookie is cleared');
    const replayed = await me({ Cookie: cookie });
    assert.equal(replayed.status, 401, 'the old cookie no longer works');
    assert.equal(await errorOf(replayed), 'unauthorized');
    assert.equal((await logout({ Cookie: cookie })).status, 401);
  });

  it('stores only a hash of the session token, and an expired session no longer works', async () => {
    const cookie = await signIn(app.url, admin.email, admin.password);
    const token = cookie.split('=')[1];
    const raw = JSON.stringify(await db().query('SELECT * FROM sessions'));
    assert.ok(!raw.includes(token), 'the cookie value is not stored');
    await db()
      .getRepository(Session)
      .update({ userId: admin.id }, { expiresAt: new Date(Date.now() - 1000) });
    assert.equal((await me({ Cookie: cookie })).status, 401);
  });

  it('reads roles fresh on every request, so a changed role applies at once', async () => {
    const agent = await createUser(app.app, { role: Role.Agent });
    const cookie = await signIn(app.url, agent.email, agent.password);
    await db()
      .getRepository(Membership)
      .update({ userId: agent.id }, { roles: [Role.Agent, Role.ChannelsAdmin] });
    const who = (await (await me({ Cookie: cookie })).json()) as { roles: string[] };
    assert.deepEqual(who.roles, [Role.Agent, Role.ChannelsAdmin]);
  });

  it('answers 401 to missing and made-up credentials', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Cookie: 'aurora_session=' },
      { Cookie: 'aurora_session=not-a-session' },
      { Cookie: `aurora_session=${'A'.repeat(43)}` },
      { Cookie: 'aurora_session=%E0%A4%A' },
      { Authorization: 'Bearer' },
      { Authorization: 'Bearer aur_made-up' },
      { Authorization: `Bearer aur_${'x'.repeat(5000)}` },
      { Authorization: 'Basic YWRtaW46YWRtaW4=' },
    ];
    for (const headers of attempts) {
      const response = await me(headers);
      assert.equal(response.status, 401, JSON.stringify(headers));
      assert.equal(await errorOf(response), 'unauthorized');
    }
  });

  it('gives one answer for an unknown e-mail and for a wrong password', async () => {
    const unknown = await login({ email: 'nobody@aurora.test', password: 'whatever' });
    const wrong = await login({ email: admin.email, password: 'not-the-password' });
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    const [unknownBody, wrongBody] = [await unknown.json(), await wrong.json()];
    assert.deepEqual(unknownBody, wrongBody);
    assert.equal((unknownBody as ErrorBody).error, 'invalid_credentials');
  });

  for (const [label, body, field] of [
    ['missing email', { password: 'x' }, 'email'],
    ['missing password', { email: 'a@aurora.test' }, 'password'],
    ['ill-typed email', { email: ['a@aurora.test'], password: 'x' }, 'email'],
    ['ill-typed password', { email: 'a@aurora.test', password: 42 }, 'password'],
    ['malformed email', { email: 'not-an-email', password: 'x' }, 'email'],
    ['over-long email', { email: `${'a'.repeat(250)}@aurora.test`, password: 'x' }, 'email'],
    ['empty password', { email: 'a@aurora.test', password: '' }, 'password'],
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

  it('answers 400 for malformed JSON or a non-object body, and 413 for a 1 MB body', async () => {
    assert.equal((await login('{"email":')).status, 400);
    assert.equal((await login('"just a string"')).status, 400);
    assert.equal((await login('[1,2]')).status, 400);
    const huge = await login({ email: 'a@aurora.test', password: 'x'.repeat(1024 * 1024) });
    assert.equal(huge.status, 413);
    assert.equal(await errorOf(huge), 'payload_too_large');
  });

  it('refuses sign-in and sign-out from a foreign Origin, and cross-site requests without one', async () => {
    const foreign = await login({ email: admin.email, password: admin.password }, { Origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(await errorOf(foreign), 'forbidden_origin');
    assert.equal(sessionCookieOf(foreign), undefined);

    const crossSite = await call('/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    assert.equal(crossSite.status, 403);
    assert.equal(await errorOf(crossSite), 'forbidden_origin');

    const cookie = await signIn(app.url, admin.email, admin.password);
    const out = await logout({ Cookie: cookie, Origin: 'https://evil.example' });
    assert.equal(out.status, 403);
    assert.equal(await errorOf(out), 'forbidden_origin');
    assert.equal(
      (await me({ Cookie: cookie, Origin: 'https://evil.example' })).status,
      200,
      'reads are not affected; the session lives on',
    );
  });

  it('authenticates services by API key, records its use at most once a minute, and stores only a hash', async () => {
    const key = await createApiKey(app.app, admin.accountId, [Scope.IntegrationsRead]);
    assert.match(key, /^aur_[A-Za-z0-9_-]{43}$/);
    const keys = db().getRepository(ApiKey);
    assert.equal((await keys.findOneByOrFail({ accountId: admin.accountId })).lastUsedAt, null);

    assert.equal((await call('/integrations', { headers: { Authorization: `Bearer ${key}` } })).status, 200);
    const firstUse = (await keys.findOneByOrFail({ accountId: admin.accountId })).lastUsedAt;
    assert.ok(firstUse && Date.now() - firstUse.getTime() < 60_000);
    assert.equal((await call('/integrations', { headers: { Authorization: `bearer ${key}` } })).status, 200);
    assert.equal((await keys.findOneByOrFail({ accountId: admin.accountId })).lastUsedAt?.getTime(), firstUse.getTime());

    const raw = JSON.stringify(await db().query('SELECT * FROM api_keys'));
    assert.ok(!raw.includes(key), 'the key itself is never stored');
    assert.ok(raw.includes(key.slice(0, 12)), 'its prefix is, so people can tell keys apart');
  });

  it('rejects a revoked API key with 401', async () => {
    const key = await createApiKey(app.app, admin.accountId, [Scope.ContactsRead, Scope.IntegrationsRead]);
    const id = (await app.app.get(ApiKeysService).list(admin.accountId)).find(
      (k) => key.startsWith(k.prefix) && !k.revokedAt,
    )!.id;
    assert.equal(await app.app.get(ApiKeysService).revoke(id), true);
    const response = await call('/integrations', { headers: { Authorization: `Bearer ${key}` } });
    assert.equal(response.status, 401);
    assert.equal(await errorOf(response), 'unauthorized');
  });

  it('refuses a key revoked right after use at once, although the instance keeps resolved keys a few seconds', async () => {
    const key = await createApiKey(app.app, admin.accountId, [Scope.IntegrationsRead]);
    const auth = { headers: { Authorization: `Bearer ${key}` } };
    assert.equal((await call('/integrations', auth)).status, 200);
    assert.equal((await call('/integrations', auth)).status, 200, 'served from the cache');
    const id = (await app.app.get(ApiKeysService).list(admin.accountId)).find((k) => key.startsWith(k.prefix))!.id;
    assert.equal(await app.app.get(ApiKeysService).revoke(id), true);
    const response = await call('/integrations', auth);
    assert.equal(response.status, 401);
    assert.equal(await errorOf(response), 'unauthorized');
  });

  it('keeps API keys off person-only routes, and out of the Origin check', async () => {
    const key = await createApiKey(app.app, admin.accountId, Object.values(Scope));
    const who = await me({ Authorization: `Bearer ${key}` });
    assert.equal(who.status, 403);
    const body = (await who.json()) as ErrorBody;
    assert.equal(body.error, 'forbidden_api_key');
    assert.match(body.message, /^API keys cannot/);
    // A key is no ambient credential, so a foreign Origin does not matter; the route still refuses keys.
    const out = await logout({ Authorization: `Bearer ${key}`, Origin: 'https://evil.example' });
    assert.equal(out.status, 403);
    assert.equal(await errorOf(out), 'forbidden_api_key');
  });

  it('names the missing scope to a key without it', async () => {
    const key = await createApiKey(app.app, admin.accountId, [Scope.ContactsRead]);
    const response = await call('/integrations', { headers: { Authorization: `Bearer ${key}` } });
    assert.equal(response.status, 403);
    const body = (await response.json()) as ErrorBody;
    assert.equal(body.error, 'missing_scope');
    assert.match(body.message, /integrations:read/);
  });

  it('names the missing role to an agent', async () => {
    const agent = await createUser(app.app, { role: Role.Agent });
    const response = await call('/integrations', { headers: { Cookie: await signIn(app.url, agent.email, agent.password) } });
    assert.equal(response.status, 403);
    const body = (await response.json()) as ErrorBody;
    assert.equal(body.error, 'forbidden_role');
    assert.equal(body.message, 'This requires the Channels Administrator role.');
  });

  it('never answered 500 along the way', () => {
    assert.ok(statuses.length > 30);
    assert.deepEqual(
      statuses.filter((status) => status >= 500),
      [],
    );
  });
});
