import { bearerToken } from './http-io';
import type { ProviderRequestContext } from './request-context';
import type { TokenRecord, TokenStatus } from '../oauth/token-store';

export type BearerCheck =
  { ok: true; record: TokenRecord } | { ok: false; problem: 'missing' | 'unknown' | Exclude<TokenStatus, 'active'> };

/** The request's bearer token against the sandbox token store: an active access token of this provider. */
export function checkBearer(ctx: ProviderRequestContext): BearerCheck {
  const token = bearerToken(ctx.req);
  if (token === null) return { ok: false, problem: 'missing' };
  const record = ctx.app.store.tokens.find(token);
  if (!record || record.kind !== 'access' || record.grant.providerKey !== ctx.providerKey)
    return { ok: false, problem: 'unknown' };
  const status = ctx.app.store.tokens.status(record);
  return status === 'active' ? { ok: true, record } : { ok: false, problem: status };
}
