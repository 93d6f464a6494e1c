import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeysService } from '../api-keys.service';
import { AuthError, AuthException } from '../auth.exception';
import type { AuthUser } from '../auth-user';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator';
import { SESSION_COOKIE, SessionsService } from '../sessions.service';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Global guard: every route is private unless marked `@Public()`. The caller is the browser session
 * (the httpOnly `aurora_session` cookie), else the service whose API key is the bearer token. Two
 * plain lookups rather than Passport strategies: they run on every request, and Passport's strategy
 * chain cost more than the cached lookups themselves (Passport stays for the providers' OAuth flows).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    // A failed lookup (say, the database is down) throws and surfaces as a server error rather than
    // signing the person out; bad credentials are simply no caller.
    const caller = (await this.fromSession(req)) ?? (await this.fromApiKey(req));
    if (!caller) throw new AuthException(AuthError.Unauthorized);
    req.user = caller;
    return true;
  }

  private fromSession(req: Request): Promise<AuthUser | null> | null {
    const token = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
    return typeof token === 'string' ? this.sessions.resolve(token) : null;
  }

  private fromApiKey(req: Request): Promise<AuthUser | null> | null {
    const key = BEARER.exec(req.headers.authorization ?? '')?.[1];
    return key ? this.keys.resolve(key) : null;
  }
}
