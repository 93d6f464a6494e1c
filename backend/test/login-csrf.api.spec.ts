import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '../src/auth/scope.enum';
import { Role } from '../src/roles/role.enum';
import { createApiKey, createUser, signIn, TestUser } from './factories/accounts.factory';
import { appRoutes } from './support/app-routes';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

const EVIL = 'https://evil.test';
/**
 * Called by Facebook's servers, authenticated by signatures: the only routes without the Origin check. Each
 * with a badly signed body and how its signature check refuses it (Meta's data deletion callback: 400).
 */
const SERVER_TO_SERVER: Record<string, { body: object; refused: number }> = {
  'POST /api/v1/webhooks/facebook': { body: { object: 'page', entry: [] }, refused: 401 },
  'POST /api/v1/webhooks/facebook/deauthorize': { body: { signed_request: 'bad.signature' }, refused: 401 },
  'POST /api/v1/webhooks/facebook/data-deletion': { body: { signed_request: 'bad.signature' }, refused: 400 },
};

/**
 * Login CSRF (issue #11): a cross-site form posting the attacker's credentials to a variant of the sign-in
 * path (`/auth/login/`, `/AUTH/LOGIN`) signed a signed-out browser into the attacker's account.
 */
describe(`Login CSRF: cross-site requests cannot sign a browser in (${testDatabaseKind()})`, () => {
  let app: TestApp;
  let attacker: TestUser;

  const formPost = (path: string, headers: Record<string, string>) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ email: attacker.email, password: attacker.password }).toString(),
      redirect: 'manual',
    });
  const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

  before(async () => {
    app = await startTestApp();
    attacker = await createUser(app.app, { role: Role.ChannelsAdmin });
  });
  after(() => app.close());

  it('answers a cross-site form post to /auth/login, /auth/login/ or /AUTH/LOGIN with 403 or 404 and no cookie', async () => {
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/login/', '/api/v1/AUTH/LOGIN', '/api/v1/Auth/Login/']) {
      const response = await formPost(path, { Origin: EVIL });
      assert.ok([403, 404].includes(response.status), `${path} answered ${response.status}`);
      assert.deepEqual(response.headers.getSetCookie(), [], `${path} set a cookie`);
      assert.ok(['forbidden_origin', 'not_found'].includes(await errorOf(response)), path);
    }
  });

  it('routes strictly: a trailing slash or other letter case is another path, even from our own origin', async () => {
    for (const path of ['/api/v1/auth/login/', '/api/v1/AUTH/LOGIN', '/api/v1/auth/Login']) {
      const response = await formPost(path, { Origin: app.url });
      assert.equal(response.status, 404, path);
      assert.deepEqual(response.headers.getSetCookie(), [], path);
    }
    assert.equal((await fetch(`${app.url}/api/v1/health/`)).status, 404);
    assert.equal((await fetch(`${app.url}/api/v1/HEALTH`)).status, 404);
    assert.equal((await formPost('/api/v1/auth/login', { Origin: app.url })).status, 200, 'the real path still signs in');
  });

  it('refuses every unsafe request that does not show our origin, signed in or not, on every route', async () => {
    const cookie = await signIn(app.url, attacker.email, attacker.password);
    const unsafe = appRoutes(app.app).filter((route) => !['GET', 'HEAD'].includes(route.method));
    assert.ok(unsafe.length >= 6, `found ${unsafe.length} unsafe routes`);
    const foreign: Record<string, string>[] = [
      { Origin: EVIL },
      { Origin: 'null' },
      { Origin: app.url.replace('127.0.0.1', 'localhost') },
      { Referer: `${EVIL}/page` },
      {},
    ];
    const failures: string[] = [];
    for (const route of unsafe.filter((r) => !(`${r.method} ${r.path}` in SERVER_TO_SERVER))) {
      const path = route.path.replace(/:(\w+)/g, 'x');
      for (const headers of foreign) {
        for (const session of [{}, { Cookie: cookie }] as Record<string, string>[]) {
          const response = await fetch(`${app.url}${path}`, {
            method: route.method,
            headers: { 'Content-Type': 'application/json', ...headers, ...session },
            body: '{}',
            redirect: 'manual',
          });
          const error = response.status === 403 ? await errorOf(response) : '';
          if (error !== 'forbidden_origin') {
            failures.push(
              `${route.method} ${path} ${JSON.stringify(headers)} ${session.Cookie ? 'signed in' : 'anonymous'} → ${response.status}`,
            );
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it('accepts our origin from the Referer when a browser sends no Origin', async () => {
    const response = await formPost('/api/v1/auth/login', { Referer: `${app.url}/login` });
    assert.equal(response.status, 200);
  });

  it('lets server-to-server routes and API-key requests through without an Origin', async () => {
    for (const [route, { body, refused }] of Object.entries(SERVER_TO_SERVER)) {
      const response = await fetch(`${app.url}${route.split(' ')[1]}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, refused, `${route} is checked by its signature, not by Origin`);
    }
    const key = await createApiKey(app.app, attacker.accountId, [Scope.IntegrationsRead]);
    const logout = await fetch(`${app.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, Origin: EVIL },
    });
    assert.equal(await errorOf(logout), 'forbidden_api_key', 'a key carries no ambient credential');
  });
});
