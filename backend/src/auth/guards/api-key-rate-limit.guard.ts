import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuthError, AuthException } from '../auth.exception';
import type { AuthUser } from '../auth-user';
import { ApiKeyRateLimitService } from '../rate-limit/api-key-rate-limit.service';

/**
 * Every request made with an API key counts against that key's limit, so one runaway service cannot
 * starve the others. Answers carry the IETF draft's RateLimit-* headers; over the limit: 429 + Retry-After.
 */
@Injectable()
export class ApiKeyRateLimitGuard implements CanActivate {
  constructor(private readonly limits: ApiKeyRateLimitService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const caller = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (caller?.kind !== 'api_key' || !this.limits.enabled) return true;
    const verdict = await this.limits.hit(caller.id);
    const headers = {
      'RateLimit-Limit': String(verdict.limit),
      'RateLimit-Remaining': String(verdict.remaining),
      'RateLimit-Reset': String(verdict.resetSeconds),
    };
    if (!verdict.allowed) {
      throw new AuthException(AuthError.RateLimited, { headers: { ...headers, 'Retry-After': String(verdict.resetSeconds) } });
    }
    context.switchToHttp().getResponse<Response>().set(headers);
    return true;
  }
}
