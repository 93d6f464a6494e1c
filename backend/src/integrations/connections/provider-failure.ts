import { ProviderHttpError, ProviderUnreachableError } from '../providers/provider-http.client';

/** RFC 6749 says `invalid_grant`; Slack and a few others spell a dead grant their own way. */
const DEAD_GRANT_ERRORS = new Set(['invalid_grant', 'token_revoked', 'invalid_auth', 'account_inactive']);

/** The provider says the grant itself is gone (refresh token revoked, expired or replayed). */
export function isDeadGrant(error: unknown): boolean {
  return error instanceof ProviderHttpError && error.oauthError !== undefined && DEAD_GRANT_ERRORS.has(error.oauthError);
}

/** The provider refused the access token itself: HTTP 401, or Graph's OAuthException code 190 (any status). */
export function isRejectedAccessToken(error: unknown): boolean {
  if (!(error instanceof ProviderHttpError)) return false;
  const graphCode = (error.body as { error?: { code?: unknown } } | null)?.error?.code;
  return error.status === 401 || graphCode === 190;
}

/**
 * A provider failure in words for the health panel and the audit log. Built from the status and the
 * provider's error code only: a provider URL may carry the token itself (HubSpot's token-info path).
 */
export function describeProviderFailure(error: unknown): string {
  if (error instanceof ProviderUnreachableError) {
    return error.message.includes('timed out') ? 'The provider did not answer in time.' : 'The provider could not be reached.';
  }
  if (error instanceof ProviderHttpError) {
    const body = error.body as { error_description?: unknown } | null;
    const description = typeof body?.error_description === 'string' ? ` ${body.error_description.slice(0, 200)}` : '';
    const code = error.oauthError ? ` (${error.oauthError.slice(0, 64)})` : '';
    return `The provider answered HTTP ${error.status}${code}.${description}`;
  }
  return 'The provider sent an answer the app could not use.';
}
