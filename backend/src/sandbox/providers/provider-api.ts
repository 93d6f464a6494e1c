import { interceptFault } from '../core/faults';
import { readBody, sendJson } from '../core/http-io';
import type { ProviderRequestContext } from '../core/request-context';
import { sendUnavailable } from '../oauth/oauth-errors';
import type { ApiAnswer, ApiCall, ApiEndpoint } from './api-endpoint';
import { authenticateBearer } from './bearer-auth';
import { CRM_ENDPOINTS } from './crm-endpoints';

/** Per provider, the endpoints of its API the sandbox imitates; `/echo/*` is served for every provider. */
const ENDPOINTS: Record<string, readonly ApiEndpoint[]> = { ...CRM_ENDPOINTS };

const RATE_LIMIT = 100;
const RATE_WINDOW_MS = 10_000;
const windows = new WeakMap<object, Map<string, { startedAt: number; calls: number }>>();

/**
 * `ANY /<k>/api/<path>`: the provider's API base. The bearer token is checked first (as real APIs do),
 * then the path is answered; every call, refused or not, is in the control log.
 */
export async function handleProviderApi(ctx: ProviderRequestContext, segments: string[]): Promise<void> {
  if (await interceptFault(ctx, 'api', sendUnavailable)) return;
  const caller = authenticateBearer(ctx);
  if (!caller) return;
  const path = `/${segments.join('/')}`;
  const base = { ctx, caller, path, query: ctx.url.searchParams };
  const answer = await answerCall(base, (ctx.req.method ?? 'GET').toUpperCase());
  ctx.app.store.log.add({
    providerKey: ctx.providerKey,
    type: 'api_call',
    clientId: caller.grant.clientId,
    detail: `${ctx.req.method} ${path} → ${answer.status}`,
  });
  sendJson(ctx.res, answer.status, answer.body, { ...rateLimitHeaders(ctx), ...answer.headers });
}

async function answerCall(base: Omit<ApiCall, 'match'>, method: string): Promise<ApiAnswer> {
  if (base.path === '/echo' || base.path.startsWith('/echo/')) return echo(base, method);
  base.ctx.req.resume();
  const candidates = (ENDPOINTS[base.ctx.providerKey] ?? []).flatMap((endpoint) => {
    const match = endpoint.path.exec(base.path);
    return match ? [{ endpoint, match }] : [];
  });
  const chosen = candidates.find((candidate) => candidate.endpoint.method === method);
  if (chosen) return chosen.endpoint.handle({ ...base, match: chosen.match });
  if (candidates.length > 0) {
    const allowed = candidates.map((candidate) => candidate.endpoint.method).join(', ');
    return {
      status: 405,
      body: { error: 'method_not_allowed', message: `Use ${allowed} for ${base.path}.` },
      headers: { Allow: allowed },
    };
  }
  return { status: 404, body: { error: 'not_found', message: `The sandbox ${base.ctx.providerName} API has no ${base.path}.` } };
}

/** Shows exactly what arrived, so tests can see what the app forwarded and for which external account. */
async function echo(base: Omit<ApiCall, 'match'>, method: string): Promise<ApiAnswer> {
  const { req } = base.ctx;
  const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'authorization'));
  return {
    status: 200,
    body: {
      method,
      path: base.path.slice('/echo'.length) || '/',
      query: Object.fromEntries(base.query),
      body,
      contentType: req.headers['content-type'] ?? null,
      headers,
      externalAccount: { id: base.caller.account.id, name: base.caller.account.name },
    },
  };
}

/** The `X-RateLimit-*` trio most provider APIs send, over a short fixed window per provider. */
function rateLimitHeaders(ctx: ProviderRequestContext): Record<string, string> {
  const perProvider = windows.get(ctx.app.store) ?? new Map<string, { startedAt: number; calls: number }>();
  windows.set(ctx.app.store, perProvider);
  const now = Date.now();
  let window = perProvider.get(ctx.providerKey);
  if (!window || now - window.startedAt >= RATE_WINDOW_MS) {
    window = { startedAt: now, calls: 0 };
    perProvider.set(ctx.providerKey, window);
  }
  window.calls++;
  return {
    'X-RateLimit-Limit': String(RATE_LIMIT),
    'X-RateLimit-Remaining': String(Math.max(0, RATE_LIMIT - window.calls)),
    'X-RateLimit-Reset': String(Math.ceil((window.startedAt + RATE_WINDOW_MS - now) / 1000)),
  };
}
