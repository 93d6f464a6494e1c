import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Reflector } from '@nestjs/core';
import { httpContext } from '../../../test/support/http-context';
import type { ApiKeysService } from '../api-keys.service';
import { AuthError, AuthException } from '../auth.exception';
import type { ApiKeyCaller, UserCaller } from '../auth-user';
import { Public } from '../decorators/public.decorator';
import type { SessionsService } from '../sessions.service';
import { AuthenticationGuard } from './authentication.guard';

class Routes {
  @Public()
  health(): void {}

  list(): void {}
}

const person: UserCaller = {
  kind: 'user',
  id: 'u1',
  accountId: 'a1',
  email: 'p@aurora.test',
  name: 'P',
  roles: [],
  sessionId: 's1',
};
const service: ApiKeyCaller = { kind: 'api_key', id: 'k1', accountId: 'a1', name: 'CRM sync', scopes: [] };

/** Sessions and keys that know exactly one credential each, and count their lookups. */
function guardWith(overrides: { sessionLookup?: (token: string) => Promise<UserCaller | null> } = {}) {
  const lookups: string[] = [];
  const sessions = {
    resolve: (token: string) => {
      lookups.push(`session:${token}`);
      return overrides.sessionLookup ? overrides.sessionLookup(token) : Promise.resolve(token === 'good-session' ? person : null);
    },
  } as unknown as SessionsService;
  const keys = {
    resolve: (key: string) => {
      lookups.push(`key:${key}`);
      return Promise.resolve(key === 'aur_good' ? service : null);
    },
  } as unknown as ApiKeysService;
  return { guard: new AuthenticationGuard(new Reflector(), sessions, keys), lookups };
}

const request = (cookies: Record<string, string>, authorization?: string) =>
  ({ cookies, headers: authorization ? { authorization } : {} }) as { user?: unknown; cookies: object; headers: object };
const list = (req: object) => httpContext(req, Routes.prototype.list, Routes);

describe(AuthenticationGuard.name, () => {
  it('lets @Public() routes through without looking for credentials', async () => {
    const { guard, lookups } = guardWith();
    assert.equal(await guard.canActivate(httpContext(request({}, 'Bearer aur_good'), Routes.prototype.health, Routes)), true);
    assert.deepEqual(lookups, []);
  });

  it('answers 401 unauthorized without credentials, with an unknown session or with an unknown key', async () => {
    const { guard } = guardWith();
    for (const req of [
      request({}),
      request({ aurora_session: 'stale' }),
      request({}, 'Bearer aur_wrong'),
      request({}, 'Basic aur_good'),
    ]) {
      await assert.rejects(
        guard.canActivate(list(req)),
        (error: unknown) => error instanceof AuthException && error.code === AuthError.Unauthorized && error.status === 401,
      );
    }
  });

  it('hands the session’s person on to the route, without looking at the key', async () => {
    const { guard, lookups } = guardWith();
    const req = request({ aurora_session: 'good-session' }, 'Bearer aur_good');
    assert.equal(await guard.canActivate(list(req)), true);
    assert.equal(req.user, person);
    assert.deepEqual(lookups, ['session:good-session']);
  });

  it('falls back to the API key when there is no valid session (the bearer scheme in any case)', async () => {
    const { guard, lookups } = guardWith();
    const req = request({ aurora_session: 'stale' }, 'bearer aur_good');
    assert.equal(await guard.canActivate(list(req)), true);
    assert.equal(req.user, service);
    assert.deepEqual(lookups, ['session:stale', 'key:aur_good']);
  });

  it('passes a failed credential lookup on as the error it is, instead of signing the person out', async () => {
    const outage = new Error('database unreachable');
    const { guard } = guardWith({ sessionLookup: () => Promise.reject(outage) });
    await assert.rejects(
      guard.canActivate(list(request({ aurora_session: 'good-session' }))),
      (error: unknown) => error === outage,
    );
  });
});
