import { FACEBOOK_PROVIDER_KEY } from './facebook-data';
import { interceptFault } from '../core/faults';
import { GraphError, invalidParameter, sendGraphUnavailable } from './graph-format';
import { bearerToken, sendJson } from '../core/http-io';
import type { ProviderRequestContext } from '../core/request-context';
import { hmacSha256Hex, safeEqual } from '../core/secrets';
import type { Grant } from '../oauth/token-store';

/** One Graph API call: merged query and form parameters, and the object id of the path. */
export interface GraphRequest {
  readonly ctx: ProviderRequestContext;
  readonly params: URLSearchParams;
  readonly objectId: string;
}

export type GraphCaller = { kind: 'user'; grant: Grant } | { kind: 'page'; grant: Grant; pageId: string };

// Facebook's long-lived user tokens last about 60 days.
const LONG_LIVED_SECONDS = 5_184_000;

/** The token may come as `access_token` parameter or Bearer header, as Graph accepts both. */
export function resolveCaller(g: GraphRequest): GraphCaller {
  const token = g.params.get('access_token') ?? bearerToken(g.ctx.req);
  if (!token) throw new GraphError(400, 104, 'An access token is required to request this resource.');
  const tokens = g.ctx.app.store.tokens;
  const record = tokens.find(token);
  if (!record || record.kind === 'refresh' || record.grant.providerKey !== FACEBOOK_PROVIDER_KEY) {
    throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
  }
  switch (tokens.status(record)) {
    case 'expired':
      throw new GraphError(400, 190, 'Error validating access token: Session has expired.', 463);
    case 'revoked':
      // A page token invalidated on its own (control `revoke-page-token`), as Meta words it.
      if (record.kind === 'page' && !record.grant.revoked) {
        throw new GraphError(
          400,
          190,
          'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
          460,
        );
      }
      throw new GraphError(
        400,
        190,
        `Error validating access token: The user has not authorized application ${record.grant.clientId}.`,
        458,
      );
    case 'active':
      requireAppSecretProof(g, token, record.grant.clientId);
      return record.pageId === null
        ? { kind: 'user', grant: record.grant }
        : { kind: 'page', grant: record.grant, pageId: record.pageId };
  }
}

/**
 * Meta's "Require App Secret" app setting: every call with a token must carry
 * `appsecret_proof` = hex HMAC-SHA256(token, app secret), or Graph refuses it with code 100.
 */
function requireAppSecretProof(g: GraphRequest, token: string, clientId: string): void {
  if (!g.ctx.app.store.facebook.settings.requireAppSecretProof) return;
  const proof = g.params.get('appsecret_proof');
  if (proof === null) throw new GraphError(400, 100, 'API calls from the server require an appsecret_proof argument');
  const secret = g.ctx.app.config.clients.get(clientId)?.clientSecret ?? '';
  if (!safeEqual(proof, hmacSha256Hex(secret, token))) {
    throw new GraphError(400, 100, 'Invalid appsecret_proof provided in the API argument');
  }
}

export function requireUser(caller: GraphCaller, edge: string): Extract<GraphCaller, { kind: 'user' }> {
  if (caller.kind === 'page') throw invalidParameter(`Tried accessing nonexisting field (${edge}) on node type (Page)`);
  return caller;
}

/** Page-scoped edges need that page's own token, as in the Graph API. */
export function requirePageToken(caller: GraphCaller, pageId: string): void {
  if (caller.kind === 'user') throw new GraphError(400, 190, '(#190) This method must be called with a Page Access Token');
  if (caller.pageId !== pageId) throw new GraphError(403, 200, '(#200) The Page Access Token belongs to another Page');
}

/** Lead reads accept the user token or the token of the page that owns the lead. */
export function requireUserOrPageToken(caller: GraphCaller, pageId: string): void {
  if (caller.kind === 'page' && caller.pageId !== pageId) {
    throw new GraphError(403, 200, '(#200) The Page Access Token belongs to another Page');
  }
}

/** `GET /oauth/access_token?grant_type=fb_exchange_token`: short-lived user token → long-lived one. */
export async function exchangeToken(g: GraphRequest): Promise<void> {
  if (await interceptFault(g.ctx, 'token', sendGraphUnavailable)) return;
  const providerKey = g.ctx.providerKey;
  const clientId = g.params.get('client_id') ?? '';
  try {
    const body = longLivedToken(g);
    g.ctx.app.store.log.add({ providerKey, type: 'token_grant', clientId, detail: 'fb_exchange_token' });
    sendJson(g.ctx.res, 200, body);
  } catch (error) {
    if (error instanceof GraphError) {
      const detail = `fb_exchange_token: ${error.message}`;
      g.ctx.app.store.log.add({ providerKey, type: 'token_rejected', clientId, detail });
    }
    throw error;
  }
}

function longLivedToken(g: GraphRequest): { access_token: string; token_type: 'bearer'; expires_in: number } {
  if (g.params.get('grant_type') !== 'fb_exchange_token') throw invalidParameter('grant_type must be fb_exchange_token');
  const client = g.ctx.app.config.clients.get(g.params.get('client_id') ?? '');
  if (!client || client.providerKey !== FACEBOOK_PROVIDER_KEY) {
    throw new GraphError(400, 101, 'Error validating application. Invalid application ID.');
  }
  if (!safeEqual(client.clientSecret, g.params.get('client_secret') ?? '')) {
    throw new GraphError(400, 1, 'Error validating client secret.');
  }
  const tokens = g.ctx.app.store.tokens;
  const record = tokens.find(g.params.get('fb_exchange_token') ?? '');
  if (!record || record.kind !== 'access' || record.grant.clientId !== client.clientId || tokens.status(record) !== 'active') {
    throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
  }
  return {
    access_token: tokens.issue(record.grant, 'access', LONG_LIVED_SECONDS),
    token_type: 'bearer',
    expires_in: LONG_LIVED_SECONDS,
  };
}
