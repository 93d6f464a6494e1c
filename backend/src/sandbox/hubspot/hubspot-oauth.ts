import { interceptFault } from '../core/faults';
import { HttpError, sendEmpty, sendJson } from '../core/http-io';
import { sendUnavailable } from '../oauth/oauth-errors';
import type { ProviderRequestContext } from '../core/request-context';
import { handleToken } from '../oauth/oauth-token';

/** Numeric like HubSpot's portal ids; one sandbox portal. */
export const SANDBOX_HUB_ID = 1_000_001;

/**
 * HubSpot's own OAuth paths under `/hubspot/oauth/v1/…`, so the real HubSpot provider, pointed at the
 * sandbox with `HUBSPOT_BASE_URL=<sandbox>/hubspot`, runs its real calls: the token grant, the token-info
 * lookup it uses as its profile, and the refresh-token DELETE it uses as revocation.
 */
export async function handleHubSpotOAuth(ctx: ProviderRequestContext, path: string[]): Promise<void> {
  const [resource, token, ...rest] = path;
  const method = ctx.req.method;
  if (resource === 'token' && token === undefined && method === 'POST') return handleToken(ctx);
  if (token !== undefined && rest.length === 0) {
    // The `me` fault covers every identity call, HubSpot's token-info lookup included.
    if (resource === 'access-tokens' && method === 'GET') {
      if (await interceptFault(ctx, 'me', sendUnavailable)) return;
      return accessTokenInfo(ctx, decodeURIComponent(token));
    }
    if (resource === 'refresh-tokens' && method === 'DELETE') return deleteRefreshToken(ctx, decodeURIComponent(token));
  }
  ctx.req.resume();
  throw new HttpError(404, {
    error: 'not_found',
    error_description: `No HubSpot OAuth endpoint for ${method} ${ctx.url.pathname}.`,
  });
}

/** `GET /oauth/v1/access-tokens/:token`: HubSpot answers 404 for tokens it does not know or that died. */
function accessTokenInfo(ctx: ProviderRequestContext, token: string): void {
  const record = ctx.app.store.tokens.find(token);
  const live =
    record?.kind === 'access' && record.grant.providerKey === ctx.providerKey && ctx.app.store.tokens.status(record) === 'active';
  if (!record || !live) {
    sendJson(ctx.res, 404, {
      status: 'error',
      message: 'The access token is invalid, expired or revoked.',
      category: 'OBJECT_NOT_FOUND',
    });
    return;
  }
  sendJson(ctx.res, 200, {
    user: 'sandbox.user@example.test',
    hub_domain: 'sandbox-portal.hubspot.example',
    hub_id: SANDBOX_HUB_ID,
    app_id: 1,
    expires_in: Math.max(0, Math.round(((record.expiresAt ?? Date.now()) - Date.now()) / 1000)),
    scopes: record.grant.scope,
    token_type: 'access',
  });
}

/** `DELETE /oauth/v1/refresh-tokens/:token`: ends the grant; HubSpot answers 204 (404 when unknown). */
function deleteRefreshToken(ctx: ProviderRequestContext, token: string): void {
  const record = ctx.app.store.tokens.find(token);
  if (!record || record.kind !== 'refresh' || record.grant.providerKey !== ctx.providerKey) {
    sendJson(ctx.res, 404, { status: 'error', message: 'The refresh token is unknown.', category: 'OBJECT_NOT_FOUND' });
    return;
  }
  record.grant.revoked = true;
  ctx.app.store.log.add({
    providerKey: ctx.providerKey,
    type: 'revocation',
    clientId: record.grant.clientId,
    detail: `refresh token ${record.hint} deleted (HubSpot DELETE)`,
  });
  sendEmpty(ctx.res, 204);
}
