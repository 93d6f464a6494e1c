import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Reflector } from '@nestjs/core';
import { httpContext } from '../../../test/support/http-context';
import { AuthError, AuthException } from '../auth.exception';
import type { ApiKeyCaller, AuthUser, UserCaller } from '../auth-user';
import { Scopes } from '../decorators/scopes.decorator';
import { Scope } from '../scope.enum';
import { ScopesGuard } from './scopes.guard';

class Routes {
  @Scopes(Scope.IntegrationsRead)
  listIntegrations(): void {}

  disconnect(): void {}
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
const key = (scopes: Scope[]): ApiKeyCaller => ({ kind: 'api_key', id: 'k1', accountId: 'a1', name: 'svc', scopes });

describe(ScopesGuard.name, () => {
  const guard = new ScopesGuard(new Reflector());
  const check = (user: AuthUser, handler: () => void) => guard.canActivate(httpContext({ user }, handler, Routes));
  const failsWith = (code: AuthError, message?: RegExp) => (error: unknown) =>
    error instanceof AuthException && error.code === code && error.status === 403 && (!message || message.test(error.message));

  it('lets a key holding the route scope through', () => {
    assert.equal(check(key([Scope.ContactsRead, Scope.IntegrationsRead]), Routes.prototype.listIntegrations), true);
  });

  it('refuses a key without the scope with missing_scope, naming the scope', () => {
    assert.throws(
      () => check(key([Scope.ContactsRead]), Routes.prototype.listIntegrations),
      failsWith(AuthError.MissingScope, /integrations:read/),
    );
  });

  it('refuses every key on a route without @Scopes: those act on behalf of a person', () => {
    assert.throws(
      () => check(key(Object.values(Scope)), Routes.prototype.disconnect),
      failsWith(AuthError.ForbiddenApiKey, /^API keys cannot/),
    );
  });

  it('does not concern itself with people', () => {
    assert.equal(check(person, Routes.prototype.disconnect), true);
    assert.equal(check(person, Routes.prototype.listIntegrations), true);
  });
});
