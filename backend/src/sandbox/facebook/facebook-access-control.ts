import { FACEBOOK_PROVIDER_KEY } from './facebook-data';
import { RATE_LIMIT_CODES, type RateLimitCode } from './graph-refusals';
import { HttpError, isRecord, readJson, sendJson } from '../core/http-io';
import type { RequestContext } from '../core/request-context';

/** `POST /control/facebook/age-user-tokens`: the long-lived user tokens reach their ~60 days; page tokens (their own kind) keep working. */
export async function handleAgeUserTokens(ctx: RequestContext): Promise<void> {
  await readJson(ctx.req).catch(() => undefined);
  sendJson(ctx.res, 200, { aged: ctx.app.store.tokens.expireAccessTokens(FACEBOOK_PROVIDER_KEY) });
}

/**
 * `POST /control/facebook/revoke-page-token {pageId}`: Facebook invalidates the app's tokens for this Page
 * (its admin removed the app, or the session changed): Graph answers 190 to them, while the user token
 * and other Pages' tokens keep working. A new page listing (`/me/accounts`, a reconnect) hands out fresh ones.
 */
export async function handleRevokePageToken(ctx: RequestContext): Promise<void> {
  const body = await readJson(ctx.req);
  const page = isRecord(body) && typeof body.pageId === 'string' ? ctx.app.store.facebook.page(body.pageId) : undefined;
  if (!page) throw invalid('pageId must name a seeded page.');
  sendJson(ctx.res, 200, { pageId: page.id, revoked: ctx.app.store.tokens.revokePageTokens(FACEBOOK_PROVIDER_KEY, page.id) });
}

/** `POST /control/facebook/leads-access {formId, granted}`: Leads Access Manager refuses (or again allows) the app this form's leads. */
export async function handleLeadsAccess(ctx: RequestContext): Promise<void> {
  const body = await readJson(ctx.req);
  const form = isRecord(body) && typeof body.formId === 'string' ? ctx.app.store.facebook.form(body.formId) : undefined;
  if (!form) throw invalid('formId must name a seeded lead form.');
  if (!isRecord(body) || typeof body.granted !== 'boolean') throw invalid('granted must be a boolean.');
  ctx.app.store.facebook.refusals.setLeadsAccess(form.id, body.granted);
  sendJson(ctx.res, 200, { formId: form.id, granted: body.granted });
}

/** `POST /control/facebook/rate-limit {pageId, code, calls}`: the page's next `calls` lead reads answer Graph's throttling error. */
export async function handleRateLimit(ctx: RequestContext): Promise<void> {
  const body = await readJson(ctx.req);
  const page = isRecord(body) && typeof body.pageId === 'string' ? ctx.app.store.facebook.page(body.pageId) : undefined;
  if (!page || !isRecord(body)) throw invalid('pageId must name a seeded page.');
  const code = body.code ?? 32;
  if (!RATE_LIMIT_CODES.includes(code as RateLimitCode)) throw invalid(`code must be one of ${RATE_LIMIT_CODES.join(', ')}.`);
  const calls = body.calls ?? 1;
  if (typeof calls !== 'number' || !Number.isInteger(calls) || calls < 0 || calls > 10_000) {
    throw invalid('calls must be an integer from 0 to 10000.');
  }
  ctx.app.store.facebook.refusals.rateLimit(page.id, code as RateLimitCode, calls);
  sendJson(ctx.res, 200, { pageId: page.id, code, calls });
}

function invalid(description: string): HttpError {
  return new HttpError(400, { error: 'invalid_request', error_description: description });
}
