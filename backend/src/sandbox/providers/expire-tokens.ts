import { HttpError, isRecord, readJson, sendJson } from '../core/http-io';
import type { RequestContext } from '../core/request-context';

/** `POST /control/expire-tokens {providerKey}`: the provider's current access tokens stop working now. */
export async function handleExpireTokens(ctx: RequestContext): Promise<void> {
  const body = await readJson(ctx.req);
  const providerKey = isRecord(body) ? body.providerKey : undefined;
  if (typeof providerKey !== 'string' || !ctx.app.config.providers.has(providerKey)) {
    throw new HttpError(400, {
      error: 'invalid_request',
      error_description: 'providerKey must name a provider served by the sandbox.',
    });
  }
  const expired = ctx.app.store.tokens.expireAccessTokens(providerKey);
  ctx.app.store.log.add({ providerKey, type: 'tokens_expired', clientId: '', detail: `${expired} access tokens` });
  sendJson(ctx.res, 200, { providerKey, expired });
}
