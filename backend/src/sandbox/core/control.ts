import { FAULT_ENDPOINTS, FAULT_MODES, REFRESH_FAULT_MODES } from './fault-registry';
import { HttpError, isRecord, readJson, sendEmpty, sendJson } from './http-io';
import type { RequestContext } from './request-context';

/** `POST /control/faults {providerKey, endpoint, mode}`: simulate an outage of one provider endpoint. */
export async function handleSetFault(ctx: RequestContext): Promise<void> {
  const body = await readJson(ctx.req);
  if (!isRecord(body)) throw invalid('The body must be a JSON object.');
  const { providerKey, endpoint, mode } = body;
  if (typeof providerKey !== 'string' || !ctx.app.config.providers.has(providerKey)) {
    throw invalid('providerKey must name a provider served by the sandbox.');
  }
  if (!isOneOf(FAULT_ENDPOINTS, endpoint)) throw invalid(`endpoint must be one of ${FAULT_ENDPOINTS.join(', ')}.`);
  if (!isOneOf(FAULT_MODES, mode)) throw invalid(`mode must be one of ${FAULT_MODES.join(', ')}.`);
  const allowed = endpoint === 'refresh' ? REFRESH_FAULT_MODES : FAULT_MODES.filter((m) => m !== 'invalid_grant');
  if (!allowed.includes(mode)) throw invalid(`endpoint ${endpoint} accepts the modes ${allowed.join(', ')}.`);
  ctx.app.store.faults.set(providerKey, endpoint, mode);
  sendJson(ctx.res, 200, { providerKey, endpoint, mode });
}

/** `GET /control/held`: how many requests each `hold` fault is parking, e.g. `{"hubspot:revoke": 3}`. */
export function handleHeld(ctx: RequestContext): void {
  sendJson(ctx.res, 200, ctx.app.store.faults.heldCounts());
}

/** `GET /control/grants`: every grant with whether it is still live, so a test can prove none was left behind. */
export function handleGrants(ctx: RequestContext): void {
  const providerKey = ctx.url.searchParams.get('providerKey');
  const grants = ctx.app.store.tokens
    .listGrants()
    .filter((grant) => providerKey === null || grant.providerKey === providerKey)
    .map((grant) => ({ id: grant.id, providerKey: grant.providerKey, clientId: grant.clientId, live: !grant.revoked }));
  sendJson(ctx.res, 200, grants);
}

/** `POST /control/revoke-grants {providerKey}`: the user removes the app at the provider; every token dies. */
export async function handleRevokeGrants(ctx: RequestContext): Promise<void> {
  const body = await readJson(ctx.req);
  const providerKey = isRecord(body) ? body.providerKey : undefined;
  if (typeof providerKey !== 'string' || !ctx.app.config.providers.has(providerKey)) {
    throw invalid('providerKey must name a provider served by the sandbox.');
  }
  const revoked = ctx.app.store.tokens.revokeProvider(providerKey);
  for (const grant of revoked) {
    ctx.app.store.log.add({
      providerKey,
      type: 'grant_revoked',
      clientId: grant.clientId,
      detail: 'revoked by the user (control)',
    });
  }
  sendJson(ctx.res, 200, { providerKey, revoked: revoked.length });
}

/** `GET /control/log`: everything the sandbox saw, oldest first. */
export function handleLog(ctx: RequestContext): void {
  sendJson(ctx.res, 200, ctx.app.store.log.list());
}

/** `POST /control/reset`: clears the log and all faults between tests. */
export function handleReset(ctx: RequestContext): void {
  ctx.req.resume();
  ctx.app.store.reset();
  sendEmpty(ctx.res, 204);
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return values.some((candidate) => candidate === value);
}

function invalid(description: string): HttpError {
  return new HttpError(400, { error: 'invalid_request', error_description: description });
}

/**
 * `POST /control/api-errors {providerKey, method, error, times?, retryAfter?}`: the next `times` calls of a
 * provider API method (`chat.postMessage`, `values.append`, …) fail with `error` (a Slack `ok:false` code or
 * `ratelimited`; a Google HTTP status); `error: null` clears it.
 */
export async function handleApiErrors(ctx: RequestContext): Promise<void> {
  const body = await readJson(ctx.req);
  if (!isRecord(body)) throw invalid('The body must be a JSON object.');
  const { providerKey, method, error, times = 1, retryAfter = null } = body;
  if (typeof providerKey !== 'string' || !ctx.app.config.providers.has(providerKey)) {
    throw invalid('providerKey must name a provider served by the sandbox.');
  }
  if (typeof method !== 'string' || !method) throw invalid('method must name an API method such as chat.postMessage.');
  if (error !== null && typeof error !== 'string') throw invalid('error must be a string or null.');
  if (typeof times !== 'number' || !Number.isInteger(times) || times < 0)
    throw invalid('times must be a whole number (0 = until cleared).');
  if (retryAfter !== null && typeof retryAfter !== 'number') throw invalid('retryAfter must be a number of seconds.');
  ctx.app.store.apiErrors.set(
    providerKey,
    method,
    error === null ? null : { error, remaining: times, retryAfterSeconds: retryAfter },
  );
  sendJson(ctx.res, 200, { providerKey, method, error, times });
}
