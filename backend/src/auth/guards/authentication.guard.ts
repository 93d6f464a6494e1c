import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthError, AuthException } from '../auth.exception';
import type { AuthUser } from '../auth-user';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator';

/** Global guard: every route is private unless marked `@Public()`. Tries the session, then an API key. */
@Injectable()
export class AuthenticationGuard extends AuthGuard(['session', 'api-key']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  /**
   * Strategies answer "no caller" for bad credentials; an error means the lookup itself failed (say,
   * the database is down), which must surface as a server error rather than sign the person out.
   */
  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false | null): TUser {
    if (error) throw error;
    if (!user) throw new AuthException(AuthError.Unauthorized);
    return user;
  }
}
