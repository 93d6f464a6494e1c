import { coopHeader, pageHeaders, renderConsentPage, renderErrorPage, renderUsedPage } from './consent-page';
import { readForm, sendHtml, sendRedirect } from '../core/http-io';
import type { ProviderRequestContext } from '../core/request-context';
import type { PendingAuthorization } from '../core/sandbox-store';
import type { SandboxClient } from '../core/sandbox.types';
import { FACEBOOK_PROVIDER_KEY } from '../facebook/facebook-data';

type CallbackParams = Record<string, string | null>;
type ClientMatch = { client: SandboxClient } | { problem: string };

const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const SINGLE_VALUED = ['response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method'];

/** Space-delimited per RFC 6749 §3.3; Facebook's comma-delimited lists are accepted too. */
export function parseScope(raw: string | null): string[] {
  return (raw ?? '').split(/[\s,]+/).filter((scope) => scope.length > 0);
}

/** `GET /<k>/oauth/authorize`: validates the request, then shows the consent page. */
export function handleAuthorize(ctx: ProviderRequestContext): void {
  const params = ctx.url.searchParams;
  const match = registeredClient(ctx, params);
  // Without a trusted client and redirect_uri the user must not be sent anywhere (RFC 6749 §4.1.2.1).
  if ('problem' in match) return sendErrorPage(ctx, match.problem);
  const { client } = match;
  const problem = requestProblem(params);
  if (problem) {
    const state = params.getAll('state').length === 1 ? params.get('state') : null;
    return sendRedirect(ctx.res, callbackUrl(client.redirectUri, { ...problem, state }), coopHeader(ctx.app.config.coop));
  }
  const state = params.get('state');
  const returnOrigin = new URL(client.redirectUri).origin;
  if (state !== null && ctx.app.store.wasAnswered(client.clientId, state)) return sendUsedPage(ctx, returnOrigin);
  const pending = ctx.app.store.createAuthorizationRequest({
    providerKey: ctx.providerKey,
    clientId: client.clientId,
    redirectUri: client.redirectUri,
    scope: parseScope(params.get('scope')),
    state,
    codeChallenge: params.get('code_challenge'),
    rerequest: params.get('auth_type') === 'rerequest',
  });
  const html = renderConsentPage({
    providerName: ctx.providerName,
    scopes: pending.scope,
    requestId: pending.id,
    action: `/${ctx.providerKey}/oauth/decision`,
    returnOrigin,
  });
  sendHtml(ctx.res, 200, html, pageHeaders(ctx.app.config.coop));
}

/** `POST /<k>/oauth/decision`: the consent form's Authorize or Cancel. */
export async function handleDecision(ctx: ProviderRequestContext): Promise<void> {
  const form = await readForm(ctx.req);
  if (!form.ok) return sendErrorPage(ctx, form.problem);
  const decision = form.params.get('decision');
  if (decision !== 'authorize' && decision !== 'cancel') {
    return sendErrorPage(ctx, 'The decision must be "authorize" or "cancel".');
  }
  const pending = ctx.app.store.takeAuthorizationRequest(form.params.get('request_id') ?? '');
  if (!pending || pending.providerKey !== ctx.providerKey) {
    // Only a registered client's origin is linked: the form field is whatever the browser sent.
    const origin = form.params.get('return_origin') ?? '';
    const known = [...ctx.app.config.clients.values()].some((client) => new URL(client.redirectUri).origin === origin);
    return sendUsedPage(ctx, known ? origin : null);
  }
  const params = decision === 'authorize' ? approve(ctx, pending) : deny(ctx, pending);
  sendRedirect(ctx.res, callbackUrl(pending.redirectUri, params), coopHeader(ctx.app.config.coop));
}

function approve(ctx: ProviderRequestContext, pending: PendingAuthorization): CallbackParams {
  const code = ctx.app.store.tokens.issueCode({
    providerKey: pending.providerKey,
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    scope: pending.scope,
    codeChallenge: pending.codeChallenge,
    expiresAt: Date.now() + ctx.app.config.codeTtlMs,
  });
  if (pending.rerequest && pending.providerKey === FACEBOOK_PROVIDER_KEY) ctx.app.store.facebook.allowAgain(pending.scope);
  const detail = `scope: ${pending.scope.join(' ') || '(none)'}; pkce: ${pending.codeChallenge ? 'S256' : 'none'}`;
  ctx.app.store.log.add({ providerKey: ctx.providerKey, type: 'authorize', clientId: pending.clientId, detail });
  return { code, state: pending.state };
}

function deny(ctx: ProviderRequestContext, pending: PendingAuthorization): CallbackParams {
  ctx.app.store.log.add({ providerKey: ctx.providerKey, type: 'consent_denied', clientId: pending.clientId });
  return { error: 'access_denied', error_description: 'The user cancelled the authorization.', state: pending.state };
}

function registeredClient(ctx: ProviderRequestContext, params: URLSearchParams): ClientMatch {
  const clientIds = params.getAll('client_id');
  const client = clientIds.length === 1 ? ctx.app.config.clients.get(clientIds[0] ?? '') : undefined;
  if (!client || client.providerKey !== ctx.providerKey) {
    return { problem: `The client_id is not registered with ${ctx.providerName}.` };
  }
  const redirectUris = params.getAll('redirect_uri');
  if (redirectUris.length !== 1 || redirectUris[0] !== client.redirectUri) {
    return { problem: 'The redirect_uri does not exactly match the one registered for this client.' };
  }
  return { client };
}

function requestProblem(params: URLSearchParams): CallbackParams | null {
  const repeated = SINGLE_VALUED.find((name) => params.getAll(name).length > 1);
  if (repeated) return invalidRequest(`Parameter "${repeated}" must not be repeated.`);
  const responseType = params.get('response_type');
  if (!responseType) return invalidRequest('response_type is required.');
  if (responseType !== 'code') {
    return { error: 'unsupported_response_type', error_description: 'Only response_type=code is supported.' };
  }
  return pkceProblem(params.get('code_challenge'), params.get('code_challenge_method'));
}

function pkceProblem(challenge: string | null, method: string | null): CallbackParams | null {
  if (challenge === null) return method === null ? null : invalidRequest('code_challenge_method requires code_challenge.');
  // A missing method means "plain" (RFC 7636 §4.3), which is refused as well.
  if (method !== 'S256') return invalidRequest('code_challenge_method must be S256; plain is not accepted.');
  if (!S256_CHALLENGE.test(challenge)) return invalidRequest('code_challenge must be a base64url SHA-256 digest.');
  return null;
}

function invalidRequest(description: string): CallbackParams {
  return { error: 'invalid_request', error_description: description };
}

function callbackUrl(redirectUri: string, params: CallbackParams): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null) url.searchParams.set(name, value);
  }
  return url.toString();
}

/** Back to a consent page already answered, or its form sent twice: say so, and offer the way back. */
function sendUsedPage(ctx: ProviderRequestContext, returnOrigin: string | null): void {
  sendHtml(ctx.res, 400, renderUsedPage(returnOrigin), pageHeaders(ctx.app.config.coop));
}

function sendErrorPage(ctx: ProviderRequestContext, message: string): void {
  sendHtml(ctx.res, 400, renderErrorPage(message), pageHeaders(ctx.app.config.coop));
}
