import type { OutgoingHttpHeaders } from 'node:http';
import type { TokenStatus } from '../oauth/token-store';

/** Why a bearer token was refused: absent or unknown, another provider's, or no longer active. */
export type BearerProblem = 'missing' | 'unknown' | Exclude<TokenStatus, 'active'>;

export interface UnauthorizedAnswer {
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
}

const WORDS: Record<BearerProblem, string> = {
  missing: 'No access token was sent.',
  unknown: 'The access token is unknown or belongs to another provider.',
  expired: 'The access token has expired.',
  revoked: 'The access token has been revoked.',
};

/**
 * Each provider refuses a bad token in its own documented way; clients (and the app's proxy) key on that
 * shape, so the sandbox answers exactly as the provider would. Unlisted providers answer RFC 6750 §3.
 */
const SHAPES: Record<string, (problem: BearerProblem) => UnauthorizedAnswer> = {
  hubspot: (problem) => ({
    status: 401,
    body: {
      status: 'error',
      message:
        problem === 'expired'
          ? 'The OAuth token used to make this call expired.'
          : 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      correlationId: 'sandbox',
      category: problem === 'expired' ? 'EXPIRED_AUTHENTICATION' : 'INVALID_AUTHENTICATION',
    },
  }),
  salesforce: () => ({ status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] }),
  pipedrive: () => ({
    status: 401,
    body: {
      success: false,
      error: 'unauthorized access',
      errorCode: 401,
      error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.',
    },
  }),
  'zoho-crm': () => ({
    status: 401,
    body: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' },
  }),
  calendly: (problem) => ({
    status: 401,
    body: {
      title: 'Unauthenticated',
      message: problem === 'expired' ? 'The access token expired' : 'The access token is invalid',
    },
  }),
  // Slack answers HTTP 200 with ok:false; its codes name the problem.
  slack: (problem) => ({
    status: 200,
    body: {
      ok: false,
      error: { missing: 'not_authed', unknown: 'invalid_auth', expired: 'token_expired', revoked: 'token_revoked' }[problem],
    },
  }),
  'google-sheets': () => ({
    status: 401,
    body: {
      error: {
        code: 401,
        message:
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        status: 'UNAUTHENTICATED',
      },
    },
    headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  }),
};

export function unauthorizedAnswer(providerKey: string, problem: BearerProblem): UnauthorizedAnswer {
  const shape = SHAPES[providerKey];
  if (shape) return shape(problem);
  const error = problem === 'missing' ? 'invalid_request' : 'invalid_token';
  return {
    status: 401,
    body: { error, error_description: WORDS[problem] },
    headers: { 'WWW-Authenticate': `Bearer realm="${providerKey}", error="${error}"` },
  };
}
