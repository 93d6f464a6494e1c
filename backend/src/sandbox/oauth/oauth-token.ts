import { authenticateClient, readClientCredentials } from './client-auth';
import { interceptFault } from '../core/faults';
import { HttpError, readForm, sendEmpty, sendJson } from '../core/http-io';
import { parseScope } from './oauth-authorization';
import { OAuthError, sendOAuthError, sendUnavailable } from './oauth-errors';
import type { ProviderRequestContext } from '../core/request-context';
import type { SandboxClient } from '../core/sandbox.types';
import { safeEqual, sha256Base64Url } from '../core/secrets';
import type { Grant } from './token-store';
import { tokenResponseExtras } from '../providers/token-extras';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
  instance_url?: string;
}

const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** `POST /<k>/oauth/token`: authorization_code and refresh_token grants. */
export async function handleToken(ctx: ProviderRequestContext): Promise<void> {
  if (await interceptFault(ctx, 'token', sendUnavailable)) return;
  await withClient(ctx, 'token', (client, params) => {
    sendJson(ctx.res, 200, grantTokens(ctx, client, params));
  });
}

/** `POST /<k>/oauth/revoke` (RFC 7009): 200 for any token, but only the caller's own tokens are revoked. */
export async function handleRevoke(ctx: ProviderRequestContext): Promise<void> {
  if (await interceptFault(ctx, 'revoke', sendUnavailable)) return;
  await withClient(ctx, 'revoke', (client, params) => {
    const token = required(params, 'token');
    const record = ctx.app.store.tokens.find(token);
    const own = record !== undefined && record.grant.clientId === client.clientId;
    if (own && record.kind === 'refresh') record.grant.revoked = true;
    else if (own) record.revoked = true;
    const detail = own ? `${record.kind} token ${record.hint}` : 'unknown token, nothing revoked';
    ctx.app.store.log.add({ providerKey: ctx.providerKey, type: 'revocation', clientId: client.clientId, detail });
    sendEmpty(ctx.res, 200);
  });
}

/** Reads the form, authenticates the client and turns every OAuthError into a logged RFC 6749 response. */
async function withClient(
  ctx: ProviderRequestContext,
  endpoint: 'token' | 'revoke',
  handle: (client: SandboxClient, params: URLSearchParams) => void,
): Promise<void> {
  let clientId = '';
  try {
    const form = await readForm(ctx.req);
    if (!form.ok) throw new OAuthError('invalid_request', form.problem);
    const credentials = readClientCredentials(ctx, form.params);
    clientId = credentials.clientId;
    handle(authenticateClient(ctx, credentials), form.params);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const detail = `${endpoint}: ${error.code}: ${error.description}`;
    ctx.app.store.log.add({ providerKey: ctx.providerKey, type: 'token_rejected', clientId, detail });
    sendOAuthError(ctx.res, error);
  }
}

function grantTokens(ctx: ProviderRequestContext, client: SandboxClient, params: URLSearchParams): TokenResponse {
  const grantType = required(params, 'grant_type');
  switch (grantType) {
    case 'authorization_code':
      return redeemCode(ctx, client, params);
    case 'refresh_token':
      return refresh(ctx, client, params);
    default:
      throw new OAuthError('unsupported_grant_type', `grant_type "${grantType}" is not supported.`);
  }
}

function redeemCode(ctx: ProviderRequestContext, client: SandboxClient, params: URLSearchParams): TokenResponse {
  const value = required(params, 'code');
  const redirectUri = required(params, 'redirect_uri');
  const code = ctx.app.store.tokens.findCode(value);
  if (!code) throw new OAuthError('invalid_grant', 'The authorization code is invalid.');
  if (code.redeemed) {
    // RFC 6749 §4.1.2: a replayed code may be stolen, so what was issued from it is withdrawn.
    if (code.grant) code.grant.revoked = true;
    throw new OAuthError('invalid_grant', 'The authorization code was already used; tokens issued from it are revoked.');
  }
  // Any presentation uses the code up, so a failed attempt cannot be retried with other guesses.
  code.redeemed = true;
  if (code.expiresAt <= Date.now()) throw new OAuthError('invalid_grant', 'The authorization code has expired.');
  if (code.clientId !== client.clientId) {
    throw new OAuthError('invalid_grant', 'The authorization code was issued to another client.');
  }
  if (code.redirectUri !== redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the one of the authorization request.');
  }
  verifyPkce(code.codeChallenge, params.get('code_verifier'));
  const grant = ctx.app.store.tokens.createGrant(ctx.providerKey, client.clientId, code.scope);
  code.grant = grant;
  ctx.app.store.log.add({
    providerKey: ctx.providerKey,
    type: 'token_grant',
    clientId: client.clientId,
    detail: 'authorization_code',
  });
  return issueTokens(ctx, grant);
}

/** RFC 7636 §4.6; a verifier without a challenge is refused too, as it signals a PKCE downgrade. */
function verifyPkce(challenge: string | null, verifier: string | null): void {
  if (challenge === null) {
    if (verifier !== null) throw new OAuthError('invalid_grant', 'code_verifier was sent but no code_challenge was.');
    return;
  }
  if (verifier === null) throw new OAuthError('invalid_grant', 'code_verifier is required for this code.');
  if (!CODE_VERIFIER.test(verifier) || !safeEqual(sha256Base64Url(verifier), challenge)) {
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge.');
  }
}

/** Rotation: every refresh returns a new refresh token and the presented one stops working. */
function refresh(ctx: ProviderRequestContext, client: SandboxClient, params: URLSearchParams): TokenResponse {
  const record = ctx.app.store.tokens.find(required(params, 'refresh_token'));
  if (!record || record.kind !== 'refresh' || record.grant.clientId !== client.clientId) {
    throw new OAuthError('invalid_grant', 'The refresh token is invalid.');
  }
  refuseSimulatedFailure(ctx);
  if (record.rotated && !record.grant.revoked) {
    // RFC 9700 §4.14.2: either the client or an attacker holds a stolen copy; neither may keep access.
    record.grant.revoked = true;
    ctx.app.store.log.add({
      providerKey: ctx.providerKey,
      type: 'refresh_reuse',
      clientId: client.clientId,
      detail: `replayed ${record.hint}; grant revoked`,
    });
    throw new OAuthError('invalid_grant', 'The refresh token was already used; every token of this grant is revoked.');
  }
  if (ctx.app.store.tokens.status(record) !== 'active') {
    throw new OAuthError('invalid_grant', 'The refresh token was already used or has been revoked.');
  }
  const requested = parseScope(params.get('scope'));
  if (requested.some((scope) => !record.grant.scope.includes(scope))) {
    throw new OAuthError('invalid_scope', 'The requested scope exceeds the scope originally granted.');
  }
  record.revoked = true;
  record.rotated = true;
  ctx.app.store.log.add({
    providerKey: ctx.providerKey,
    type: 'token_refresh',
    clientId: client.clientId,
    detail: `rotated ${record.hint}`,
  });
  return issueTokens(ctx, record.grant);
}

/** `POST /control/faults {endpoint: 'refresh'}`: an outage or a dead grant for refreshes only. */
function refuseSimulatedFailure(ctx: ProviderRequestContext): void {
  switch (ctx.app.store.faults.get(ctx.providerKey, 'refresh')) {
    case 'down':
      throw new HttpError(503, {
        error: 'temporarily_unavailable',
        error_description: 'The sandbox is simulating an outage of refreshes.',
      });
    case 'invalid_grant':
      throw new OAuthError('invalid_grant', 'The refresh token has been revoked (simulated by the sandbox).');
    case 'ok':
    case 'hang':
    case 'hold':
      // Only ok, down and invalid_grant can be set for refresh (control.ts).
      return;
  }
}

function issueTokens(ctx: ProviderRequestContext, grant: Grant): TokenResponse {
  const ttl = ctx.app.config.accessTokenTtlSeconds;
  return {
    access_token: ctx.app.store.tokens.issue(grant, 'access', ttl),
    token_type: 'Bearer',
    expires_in: ttl,
    refresh_token: ctx.app.store.tokens.issue(grant, 'refresh', null),
    scope: grant.scope.join(' '),
    ...tokenResponseExtras(ctx.app, grant.providerKey),
  };
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw new OAuthError('invalid_request', `${name} is required.`);
  return value;
}
