import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Reflector } from '@nestjs/core';
import { httpContext } from '../../../test/support/http-context';
import { AuthError, AuthException } from '../auth.exception';
import type { UserCaller } from '../auth-user';
import { Public } from '../decorators/public.decorator';
import { AuthenticationGuard } from './authentication.guard';

class Routes {
  @Public()
  health(): void {}
}

describe(AuthenticationGuard.name, () => {
  const guard = new AuthenticationGuard(new Reflector());
  const caller: UserCaller = {
    kind: 'user',
    id: 'u1',
    accountId: 'a1',
    email: 'p@aurora.test',
    name: 'P',
    roles: [],
    sessionId: 's1',
  };

  it('lets @Public() routes through without looking for credentials', async () => {
    assert.equal(await guard.canActivate(httpContext({ headers: {} }, Routes.prototype.health, Routes)), true);
  });

  it('answers 401 unauthorized when no strategy found a caller', () => {
    assert.throws(
      () => guard.handleRequest(null, false),
      (error: unknown) => error instanceof AuthException && error.code === AuthError.Unauthorized && error.status === 401,
    );
  });

  it('passes a failed credential lookup on as the error it is, instead of signing the person out', () => {
    const outage = new Error('database unreachable');
    assert.throws(
      () => guard.handleRequest(outage, false),
      (error: unknown) => error === outage,
    );
  });

  it('hands the caller on to the route', () => {
    assert.equal(guard.handleRequest(null, caller), caller);
  });
});
