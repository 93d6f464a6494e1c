import { DomainException, ErrorSpec } from '../common/domain.exception';

export enum AuthError {
  InvalidCredentials = 'invalid_credentials',
  Unauthorized = 'unauthorized',
  TooManyRequests = 'too_many_requests',
  ForbiddenOrigin = 'forbidden_origin',
  ForbiddenApiKey = 'forbidden_api_key',
  MissingScope = 'missing_scope',
  RateLimited = 'rate_limited',
  ApiKeyNotFound = 'api_key_not_found',
}

const ERRORS: Record<AuthError, ErrorSpec> = {
  [AuthError.InvalidCredentials]: { status: 401, message: 'The e-mail or password is not correct.' },
  [AuthError.Unauthorized]: { status: 401, message: 'Sign in, or send a valid API key.' },
  [AuthError.TooManyRequests]: { status: 429, message: 'Too many failed sign-ins. Wait a moment and try again.' },
  [AuthError.ForbiddenOrigin]: { status: 403, message: 'Requests that change data must come from the Aurora Inbox app itself.' },
  [AuthError.ForbiddenApiKey]: { status: 403, message: 'API keys cannot use this endpoint; it acts on behalf of a person.' },
  [AuthError.MissingScope]: { status: 403, message: 'This API key lacks the scope this endpoint needs.' },
  [AuthError.RateLimited]: { status: 429, message: 'This API key made too many requests. Retry after the time in Retry-After.' },
  [AuthError.ApiKeyNotFound]: { status: 404, message: 'There is no active API key with that id in this account.' },
};

export class AuthException extends DomainException {
  constructor(code: AuthError, options: { message?: string; headers?: Record<string, string> } = {}) {
    super(code, ERRORS[code].status, options.message ?? ERRORS[code].message, options.headers);
  }
}
