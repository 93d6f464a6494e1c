import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Reflector } from '@nestjs/core';
import { httpContext } from '../../../test/support/http-context';
import { Role } from '../../roles/role.enum';
import { Roles } from '../../roles/roles.decorator';
import { RolesError, RolesException } from '../../roles/roles.exception';
import type { ApiKeyCaller, AuthUser, UserCaller } from '../auth-user';
import { RolesGuard } from './roles.guard';

class IntegrationRoutes {
  @Roles(Role.ChannelsAdmin)
  connect(): void {}

  @Roles(Role.ChannelsAdmin, Role.Agent)
  listContacts(): void {}

  health(): void {}
}

@Roles(Role.ChannelsAdmin)
class AdminRoutes {
  configure(): void {}

  @Roles(Role.Agent)
  inbox(): void {}
}

const person = (roles: Role[]): UserCaller => ({
  kind: 'user',
  id: 'u1',
  accountId: 'a1',
  email: 'p@aurora.test',
  name: 'P',
  roles,
  sessionId: 's1',
});
const apiKey: ApiKeyCaller = { kind: 'api_key', id: 'k1', accountId: 'a1', name: 'svc', scopes: [] };

describe(RolesGuard.name, () => {
  const guard = new RolesGuard(new Reflector());
  const check = (user: AuthUser, handler: () => void, controller: abstract new () => unknown) =>
    guard.canActivate(httpContext({ user }, handler, controller));

  it('lets a person with one of the required roles through', () => {
    assert.equal(check(person([Role.ChannelsAdmin]), IntegrationRoutes.prototype.connect, IntegrationRoutes), true);
    assert.equal(check(person([Role.Agent]), IntegrationRoutes.prototype.listContacts, IntegrationRoutes), true);
  });

  it('refuses a person without the role with forbidden_role, naming the role in words', () => {
    assert.throws(
      () => check(person([Role.Agent]), IntegrationRoutes.prototype.connect, IntegrationRoutes),
      (error: unknown) =>
        error instanceof RolesException &&
        error.code === RolesError.ForbiddenRole &&
        error.status === 403 &&
        error.message === 'This requires the Channels Administrator role.',
    );
    assert.throws(
      () => check(person([]), IntegrationRoutes.prototype.listContacts, IntegrationRoutes),
      /This requires the Channels Administrator or Agent role\./,
    );
  });

  it('applies roles set on the controller, and lets a handler override them', () => {
    assert.throws(() => check(person([Role.Agent]), AdminRoutes.prototype.configure, AdminRoutes), RolesException);
    assert.equal(check(person([Role.Agent]), AdminRoutes.prototype.inbox, AdminRoutes), true);
  });

  it('lets anyone through a route without @Roles', () => {
    assert.equal(check(person([]), IntegrationRoutes.prototype.health, IntegrationRoutes), true);
  });

  it('leaves API keys to the scopes guard', () => {
    assert.equal(check(apiKey, IntegrationRoutes.prototype.connect, IntegrationRoutes), true);
  });
});
