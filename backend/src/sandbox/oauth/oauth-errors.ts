import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { sendJson } from '../core/http-io';

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type';

/** An RFC 6749 §5.2 error of the token or revocation endpoint. */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly headers: OutgoingHttpHeaders = {},
  ) {
    super(description);
  }

  get status(): number {
    return this.code === 'invalid_client' ? 401 : 400;
  }
}

export function sendOAuthError(res: ServerResponse, error: OAuthError): void {
  sendJson(res, error.status, { error: error.code, error_description: error.description }, error.headers);
}

export function sendUnavailable(res: ServerResponse): void {
  sendJson(res, 503, {
    error: 'temporarily_unavailable',
    error_description: 'The sandbox is simulating an outage of this endpoint.',
  });
}
