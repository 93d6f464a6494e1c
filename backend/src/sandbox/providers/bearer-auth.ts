import { checkBearer } from '../core/api-bearer';
import { sendJson } from '../core/http-io';
import type { ProviderRequestContext } from '../core/request-context';
import type { Grant } from '../oauth/token-store';
import { externalAccount, type SandboxExternalAccount } from '../oauth/account-api';
import { type BearerProblem, unauthorizedAnswer } from './unauthorized-shapes';

/** Who a provider API call acts for: the grant behind the token and the external account it reaches. */
export interface ApiCaller {
  grant: Grant;
  account: SandboxExternalAccount;
}

/**
 * Checks the Bearer token against the sandbox token store for the provider of the path. On failure it
 * answers with that provider's own 401 shape (and logs the refusal) and returns null; every provider API
 * endpoint of the sandbox, including other helpers' (Slack, Google Sheets), starts with this.
 */
export function authenticateBearer(ctx: ProviderRequestContext): ApiCaller | null {
  const problem = bearerProblem(ctx);
  if (problem.caller) return problem.caller;
  const answer = unauthorizedAnswer(ctx.providerKey, problem.problem);
  ctx.app.store.log.add({
    providerKey: ctx.providerKey,
    type: 'api_call',
    clientId: '',
    detail: `${ctx.req.method} ${apiPath(ctx)} → ${answer.status} (token ${problem.problem})`,
  });
  ctx.req.resume();
  sendJson(ctx.res, answer.status, answer.body, answer.headers);
  return null;
}

function bearerProblem(
  ctx: ProviderRequestContext,
): { caller: ApiCaller; problem?: never } | { caller?: never; problem: BearerProblem } {
  const check = checkBearer(ctx);
  if (!check.ok) return { problem: check.problem };
  return { caller: { grant: check.record.grant, account: externalAccount(ctx.providerKey, ctx.providerName) } };
}

/** The path as the provider's API documents it, without the sandbox's `/<providerKey>/api` mount. */
function apiPath(ctx: ProviderRequestContext): string {
  const mount = `/${ctx.providerKey}/api`;
  return ctx.url.pathname.startsWith(`${mount}/`) ? ctx.url.pathname.slice(mount.length) : ctx.url.pathname;
}
