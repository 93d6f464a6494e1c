import { interceptFault } from '../core/faults';
import { bearerToken, sendJson } from '../core/http-io';
import { sendUnavailable } from './oauth-errors';
import type { ProviderRequestContext } from '../core/request-context';

/** The person who is always "signed in" at the sandbox provider. */
export const SANDBOX_USER = { name: 'Sandbox User', email: 'sandbox.user@example.test' } as const;

export interface SandboxExternalAccount {
  id: string;
  name: string;
  email: string;
}

/** Stable per provider, so reconnecting finds the same external account. */
export function externalAccount(providerKey: string, providerName: string): SandboxExternalAccount {
  return { id: `sbx-${providerKey}-account-1`, name: `Sandbox ${providerName} Account`, email: SANDBOX_USER.email };
}

/** `GET /<k>/api/me`: the profile call the app makes after a token exchange. */
export async function handleAccountMe(ctx: ProviderRequestContext): Promise<void> {
  if (await interceptFault(ctx, 'me', sendUnavailable)) return;
  const problem = accessTokenProblem(ctx, bearerToken(ctx.req));
  if (problem) {
    sendJson(
      ctx.res,
      401,
      { error: 'invalid_token', error_description: problem },
      { 'WWW-Authenticate': `Bearer realm="${ctx.providerKey}", error="invalid_token"` },
    );
    return;
  }
  sendJson(ctx.res, 200, externalAccount(ctx.providerKey, ctx.providerName));
}

function accessTokenProblem(ctx: ProviderRequestContext, token: string | null): string | null {
  const record = token === null ? undefined : ctx.app.store.tokens.find(token);
  if (!record) return 'The access token is missing or unknown.';
  if (record.kind !== 'access' || record.grant.providerKey !== ctx.providerKey) {
    return 'The token is not an access token of this provider.';
  }
  const status = ctx.app.store.tokens.status(record);
  return status === 'active' ? null : `The access token is ${status}.`;
}
