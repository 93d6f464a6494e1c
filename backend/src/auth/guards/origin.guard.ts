import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { AppSettings } from '../../config';
import { AuthError, AuthException } from '../auth.exception';
import { SESSION_COOKIE } from '../sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated requests: a state-changing request must come from our own
 * origin. API-key requests carry no ambient credentials and are not affected.
 */
@Injectable()
export class OriginGuard implements CanActivate {
  private readonly appOrigin: string;

  constructor(config: ConfigService) {
    this.appOrigin = new URL(config.getOrThrow<AppSettings>('app').appUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    const usesCookie = typeof req.cookies?.[SESSION_COOKIE] === 'string' || req.path.endsWith('/auth/login');
    if (!usesCookie) return true;
    const origin = req.headers.origin;
    if (origin !== undefined ? origin !== this.appOrigin : req.headers['sec-fetch-site'] === 'cross-site') {
      throw new AuthException(AuthError.ForbiddenOrigin);
    }
    return true;
  }
}
