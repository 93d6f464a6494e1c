import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { appConfig } from '../../config';
import { AuthError, AuthException } from '../auth.exception';
import { SERVER_TO_SERVER_KEY } from '../decorators/server-to-server.decorator';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin a browser says the request comes from: Origin, or the origin of the Referer when Origin is absent. */
function claimedOrigin(req: Request): string | undefined {
  const { origin, referer } = req.headers;
  if (origin !== undefined) return origin;
  if (referer === undefined || !URL.canParse(referer)) return undefined;
  return new URL(referer).origin;
}

/**
 * CSRF defence, decided per route rather than by path: every unsafe request a browser can send must come
 * from our own origin, whether it carries the session cookie or not (a signed-out browser must not be
 * signed into someone else's account by a cross-site form). Exempt are routes marked `@ServerToServer()`
 * and requests with a bearer API key: a browser never attaches one on its own, so no other site can
 * make it send one.
 */
@Injectable()
export class OriginGuard implements CanActivate {
  private readonly appOrigin: string;

  constructor(
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    private readonly reflector: Reflector,
  ) {
    this.appOrigin = new URL(app.appUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    const serverToServer = this.reflector.getAllAndOverride<boolean>(SERVER_TO_SERVER_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (serverToServer || /^Bearer\s/i.test(req.headers.authorization ?? '')) return true;
    if (claimedOrigin(req) !== this.appOrigin) throw new AuthException(AuthError.ForbiddenOrigin);
    return true;
  }
}
