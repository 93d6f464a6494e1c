import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigService } from '@nestjs/config';
import { httpContext } from '../../../test/support/http-context';
import { AuthError, AuthException } from '../auth.exception';
import { SESSION_COOKIE } from '../sessions.service';
import { OriginGuard } from './origin.guard';

class Routes {
  any(): void {}
}

interface FakeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

const config = { getOrThrow: () => ({ appUrl: 'https://inbox.example.com' }) } as unknown as ConfigService;
const withSession = { [SESSION_COOKIE]: 'token' };

describe(OriginGuard.name, () => {
  const guard = new OriginGuard(config);
  const check = (request: Partial<FakeRequest>) =>
    guard.canActivate(
      httpContext(
        { method: 'POST', path: '/api/v1/anything', headers: {}, cookies: {}, ...request },
        Routes.prototype.any,
        Routes,
      ),
    );
  const forbidden = (error: unknown) =>
    error instanceof AuthException && error.code === AuthError.ForbiddenOrigin && error.status === 403;

  it('accepts state-changing cookie requests from the app origin', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      assert.equal(check({ method, cookies: withSession, headers: { origin: 'https://inbox.example.com' } }), true);
    }
  });

  it('refuses state-changing cookie requests from another origin, including a look-alike or "null"', () => {
    for (const origin of ['https://evil.example', 'http://inbox.example.com', 'https://inbox.example.com.evil.example', 'null']) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        assert.throws(() => check({ method, cookies: withSession, headers: { origin } }), forbidden, `${method} from ${origin}`);
      }
    }
  });

  it('refuses a cross-site request that sends no Origin, and accepts other Origin-less ones', () => {
    assert.throws(() => check({ cookies: withSession, headers: { 'sec-fetch-site': 'cross-site' } }), forbidden);
    assert.equal(check({ cookies: withSession, headers: { 'sec-fetch-site': 'same-origin' } }), true);
    assert.equal(check({ cookies: withSession, headers: {} }), true);
  });

  it('guards sign-in even though it carries no session yet', () => {
    assert.throws(() => check({ path: '/api/v1/auth/login', headers: { origin: 'https://evil.example' } }), forbidden);
  });

  it('leaves safe methods and requests without a session cookie (API keys, webhooks) alone', () => {
    assert.equal(check({ method: 'GET', cookies: withSession, headers: { origin: 'https://evil.example' } }), true);
    assert.equal(check({ headers: { origin: 'https://evil.example', authorization: 'Bearer aur_x' } }), true);
    assert.equal(check({ path: '/api/v1/webhooks/facebook', headers: { origin: 'https://www.facebook.com' } }), true);
  });
});
