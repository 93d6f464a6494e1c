import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from '../auth-user';
import { SCOPES_KEY } from '../decorators/scopes.decorator';
import { Scope } from '../scope.enum';

@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const caller = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (caller?.kind !== 'api_key') return true;
    const allowed = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPES_KEY, [context.getHandler(), context.getClass()]);
    if (!allowed?.length) {
      throw new ForbiddenException({ error: 'forbidden_api_key', message: 'API keys cannot use this endpoint; it acts on behalf of a person.' });
    }
    if (allowed.some((scope) => caller.scopes.includes(scope))) return true;
    throw new ForbiddenException({ error: 'missing_scope', message: `This API key needs the ${allowed.join(' or ')} scope.` });
  }
}
