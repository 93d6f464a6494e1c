import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Reflector } from '@nestjs/core';
import { httpContext } from '../../../test/support/http-context';
import { parseAppSettings } from '../../config';
import { AuthError, AuthException } from '../auth.exception';
import { ServerToServer } from '../decorators/server-to-server.decorator';
import { SESSION_COOKIE } from '../sessions.service';
import { OriginGuard } from './origin.guard';

class Routes {
  any(): void {}
}

class Webhooks {
  @ServerToServer()
  receive(): void {}
}

interface FakeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

const settings = parseAppSettings({ APP_URL: 'https://inbox.example.com' });
const withSession = { [SESSION_COOKIE]: 'token' };
const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];

describe(OriginGuard.name, () => {
  const guard = new OriginGuard(settings, new Reflector());
  const check = (
    request: Partial<FakeRequest>,
    handler: () => unknown = Routes.prototype.any,
    controller: abstract new () => unknown = Routes,
  ) =>
    guard.canActivate(
      httpContext({ method: 'POST', path: '/api/v1/anything', headers: {}, cookies: {}, ...request }, handler, controller),
    );
  const forbidden = (error: unknown) =>
    error instanceof AuthException && error.code === AuthError.ForbiddenOrigin && error.status === 403;

  it('accepts unsafe requests from the app origin, by Origin or, without one, by Referer', () => {
    for (const method of UNSAFE) {
      assert.equal(check({ method, cookies: withSession, headers: { origin: 'https://inbox.example.com' } }), true);
      assert.equal(check({ method, headers: { referer: 'https://inbox.example.com/login?next=%2F' } }), true);
    }
  });

  it('refuses unsafe requests from another origin, a look-alike or "null", signed in or not', () => {
    const origins = ['https://evil.example', 'http://inbox.example.com', 'https://inbox.example.com.evil.example', 'null'];
    for (const origin of origins) {
      for (const method of UNSAFE) {
        for (const cookies of [withSession, {}]) {
          assert.throws(() => check({ method, cookies, headers: { origin } }), forbidden, `${method} from ${origin}`);
        }
      }
    }
    assert.throws(() => check({ headers: { referer: 'https://evil.example/inbox.example.com' } }), forbidden);
    assert.throws(
      () => check({ headers: { origin: 'https://evil.example', referer: 'https://inbox.example.com/' } }),
      forbidden,
      'Origin wins over Referer',
    );
  });

  it('refuses unsafe requests that show neither Origin nor a usable Referer, whatever their path', () => {
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/login/', '/api/v1/AUTH/LOGIN', '/api/v1/anything']) {
      assert.throws(() => check({ path, headers: {} }), forbidden, path);
    }
    assert.throws(() => check({ cookies: withSession, headers: { 'sec-fetch-site': 'same-origin' } }), forbidden);
    assert.throws(() => check({ headers: { referer: 'not a url' } }), forbidden);
  });

  it('leaves safe methods, bearer API keys and server-to-server routes alone', () => {
    assert.equal(check({ method: 'GET', cookies: withSession, headers: { origin: 'https://evil.example' } }), true);
    assert.equal(check({ headers: { origin: 'https://evil.example', authorization: 'Bearer aur_x' } }), true);
    assert.equal(check({ headers: {} }, Webhooks.prototype.receive, Webhooks), true);
  });

  it('still checks requests whose Authorization a browser can attach by itself (Basic)', () => {
    assert.throws(() => check({ headers: { origin: 'https://evil.example', authorization: 'Basic YTpi' } }), forbidden);
  });
});
