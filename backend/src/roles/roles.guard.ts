import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from '../auth/auth-user';
import { ROLE_LABELS, Role } from './role.enum';
import { ROLES_KEY } from './roles.decorator';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    const caller = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!required?.length || caller?.kind !== 'user') return true;
    if (required.some((role) => caller.roles.includes(role))) return true;
    const names = required.map((role) => ROLE_LABELS[role]).join(' or ');
    throw new ForbiddenException({ error: 'forbidden_role', message: `This requires the ${names} role.` });
  }
}
