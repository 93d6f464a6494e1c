import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError, AuthException } from '../auth.exception';
import type { AuthUser } from '../auth-user';
import { SCOPES_KEY } from '../decorators/scopes.decorator';
import { Scope } from '../scope.enum';

/** An API key needs one of the route's `@Scopes`; routes without `@Scopes` are for people only. */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const caller = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (caller?.kind !== 'api_key') return true;
    const allowed = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPES_KEY, [context.getHandler(), context.getClass()]);
    if (!allowed?.length) throw new AuthException(AuthError.ForbiddenApiKey);
    if (allowed.some((scope) => caller.scopes.includes(scope))) return true;
    throw new AuthException(AuthError.MissingScope, { message: `This API key needs the ${allowed.join(' or ')} scope.` });
  }
}
