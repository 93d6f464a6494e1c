import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role } from '../../roles/role.enum';
import { ROLES_KEY } from '../../roles/roles.decorator';
import { RolesException } from '../../roles/roles.exception';
import type { AuthUser } from '../auth-user';

/** A signed-in person needs one of the route's `@Roles`; API keys are left to the ScopesGuard. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    const caller = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!required?.length || caller?.kind !== 'user') return true;
    if (required.some((role) => caller.roles.includes(role))) return true;
    throw RolesException.missing(required);
  }
}
