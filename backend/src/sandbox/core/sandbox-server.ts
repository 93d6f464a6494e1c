import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAccountMe } from '../oauth/account-api';
import { securityHeaders } from '../../common/security-headers';
import { PAGE_STYLE_HASH, pageHeaders, renderIndexPage } from '../oauth/consent-page';
import { handleApiErrors, handleGrants, handleHeld, handleLog, handleReset, handleRevokeGrants, handleSetFault } from './control';
import {
  handleAgeUserTokens,
  handleLeadsAccess,
  handleRateLimit,
  handleRevokePageToken,
} from '../facebook/facebook-access-control';
import { handleAppSettings, handleCreateLead, handleRedeliver } from '../facebook/facebook-control';
import { FACEBOOK_PROVIDER_KEY } from '../facebook/facebook-data';
import { handleGraph } from '../facebook/facebook-graph';
import { handleHubSpotOAuth } from '../hubspot/hubspot-oauth';
import { handleSignedRequest } from '../facebook/signed-request';
import { GOOGLE_SHEETS_PROVIDER_KEY } from '../google/google-data';
import { handleGoogleApi } from '../google/google-api';
import { handleSlackApi } from '../slack/slack-api';
import { SLACK_PROVIDER_KEY } from '../slack/slack-data';
import { HttpError, sendHtml, sendJson } from './http-io';
import { handleExpireTokens } from '../providers/expire-tokens';
import { handleProviderApi } from '../providers/provider-api';
import { handleAuthorize, handleDecision } from '../oauth/oauth-authorization';
import { handleRevoke, handleToken } from '../oauth/oauth-token';
import { handleServerMetadata } from '../oauth/server-metadata';
import type { ProviderRequestContext, RequestContext, SandboxApp } from './request-context';
import { resolveConfig, type SandboxConfig } from './sandbox-config';
import { SandboxStore } from './sandbox-store';
import { StateFile } from './persistence';
import type { SandboxOptions, SandboxServer } from './sandbox.types';

interface Route<C extends RequestContext> {
  method: 'GET' | 'POST';
  handle: (ctx: C) => void | Promise<void>;
}

const CONTROL_ROUTES = new Map<string, Route<RequestContext>>([
  ['faults', { method: 'POST', handle: handleSetFault }],
  ['grants', { method: 'GET', handle: handleGrants }],
  ['held', { method: 'GET', handle: handleHeld }],
  ['log', { method: 'GET', handle: handleLog }],
  ['reset', { method: 'POST', handle: handleReset }],
  ['revoke-grants', { method: 'POST', handle: handleRevokeGrants }],
  ['facebook/leads', { method: 'POST', handle: handleCreateLead }],
  ['facebook/deliver', { method: 'POST', handle: handleRedeliver }],
  ['api-errors', { method: 'POST', handle: handleApiErrors }],
  ['expire-tokens', { method: 'POST', handle: handleExpireTokens }],
  ['facebook/settings', { method: 'POST', handle: handleAppSettings }],
  ['facebook/signed-request', { method: 'POST', handle: handleSignedRequest }],
  ['facebook/age-user-tokens', { method: 'POST', handle: handleAgeUserTokens }],
  ['facebook/leads-access', { method: 'POST', handle: handleLeadsAccess }],
  ['facebook/rate-limit', { method: 'POST', handle: handleRateLimit }],
  ['facebook/revoke-page-token', { method: 'POST', handle: handleRevokePageToken }],
]);

// Under /<providerKey>/; the Facebook Graph subset is routed separately.
const PROVIDER_ROUTES = new Map<string, Route<ProviderRequestContext>>([
  ['oauth/authorize', { method: 'GET', handle: handleAuthorize }],
  ['oauth/decision', { method: 'POST', handle: handleDecision }],
  ['oauth/token', { method: 'POST', handle: handleToken }],
  ['oauth/revoke', { method: 'POST', handle: handleRevoke }],
  ['api/me', { method: 'GET', handle: handleAccountMe }],
  ['.well-known/oauth-authorization-server', { method: 'GET', handle: handleServerMetadata }],
]);

const INDEX_ROUTE: Route<RequestContext> = { method: 'GET', handle: handleIndex };

/** Starts the sandbox provider on its own origin; options are validated first and throw when wrong. */
export async function startSandbox(options: SandboxOptions): Promise<SandboxServer> {
  const config = resolveConfig(options);
  const server = createServer();
  await listen(server, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const shutdown = new AbortController();
  const store = new SandboxStore();
  const stateFile = options.stateFile === undefined ? null : new StateFile(options.stateFile, store.persistent);
  stateFile?.load();
  const app: SandboxApp = { config, store, baseUrl: url, shutdown: shutdown.signal };
  const headers = sandboxSecurityHeaders(config);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // State only changes while a request is handled (a GET can mint a page token), so each one schedules a save.
    if (stateFile) res.once('close', () => stateFile.scheduleSave());
    headers(req, res, () => route(app, req, res).catch((error: unknown) => sendFailure(res, error)));
  });
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => (closing ??= stop(server, shutdown).finally(() => stateFile?.save())),
  };
}

/**
 * The consent page cannot be framed (clickjacking on Authorize) and its form may post only to the sandbox
 * and, through the decision's redirect, to the registered clients' origins (form-action covers redirects).
 */
function sandboxSecurityHeaders(config: SandboxConfig) {
  const clientOrigins = new Set([...config.clients.values()].map((client) => new URL(client.redirectUri).origin));
  return securityHeaders({
    https: false,
    styleSources: [PAGE_STYLE_HASH],
    formTargets: [...clientOrigins],
    referrerPolicy: 'no-referrer',
  });
}

async function route(app: SandboxApp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx: RequestContext = { app, req, res, url: requestUrl(app, req) };
  const [first = '', ...rest] = ctx.url.pathname.slice(1).split('/');
  if (first === '' && rest.length === 0) return dispatch(ctx, INDEX_ROUTE);
  if (first === 'control') return dispatch(ctx, CONTROL_ROUTES.get(rest.join('/')));
  if (first === '.well-known' && rest.length === 2 && rest[0] === 'oauth-authorization-server') {
    const name = app.config.providers.get(rest[1]);
    const metadata = name === undefined ? undefined : { method: 'GET' as const, handle: handleServerMetadata };
    return dispatch({ ...ctx, providerKey: rest[1], providerName: name ?? '' }, metadata);
  }
  const providerName = app.config.providers.get(first);
  if (providerName === undefined) return dispatch(ctx, undefined);
  const providerCtx: ProviderRequestContext = { ...ctx, providerKey: first, providerName };
  if (first === FACEBOOK_PROVIDER_KEY && rest[0] === 'graph') return handleGraph(providerCtx, rest.slice(1));
  if (first === 'hubspot' && rest[0] === 'oauth' && rest[1] === 'v1') return handleHubSpotOAuth(providerCtx, rest.slice(2));
  // Slack's Web API and Google's Drive/Sheets subsets; `api/me` stays the generic profile call.
  if (first === SLACK_PROVIDER_KEY && rest[0] === 'api' && rest.length === 2 && rest[1] !== 'me')
    return handleSlackApi(providerCtx, rest[1]);
  if (first === GOOGLE_SHEETS_PROVIDER_KEY && rest[0] === 'api' && rest[1] !== 'me')
    return handleGoogleApi(providerCtx, rest.slice(1));
  // `/api/me` stays the generic profile call; everything else under `/api` is the provider's own API.
  if (first !== FACEBOOK_PROVIDER_KEY && rest[0] === 'api' && rest.join('/') !== 'api/me') {
    return handleProviderApi(providerCtx, rest.slice(1));
  }
  return dispatch(providerCtx, PROVIDER_ROUTES.get(rest.join('/')));
}

async function dispatch<C extends RequestContext>(ctx: C, route: Route<C> | undefined): Promise<void> {
  if (!route) {
    throw new HttpError(404, { error: 'not_found', error_description: `No sandbox endpoint at ${ctx.url.pathname}.` });
  }
  if (ctx.req.method !== route.method) {
    ctx.req.resume();
    const description = `Use ${route.method} for ${ctx.url.pathname}.`;
    sendJson(ctx.res, 405, { error: 'method_not_allowed', error_description: description }, { Allow: route.method });
    return;
  }
  await route.handle(ctx);
}

function handleIndex(ctx: RequestContext): void {
  const providers = [...ctx.app.config.providers].map(([key, name]) => ({ key, name }));
  const html = renderIndexPage(providers, ctx.app.config.providers.has(FACEBOOK_PROVIDER_KEY));
  sendHtml(ctx.res, 200, html, pageHeaders(ctx.app.config.coop));
}

/** Parsed against the sandbox origin; a target such as `//host/path` must stay a path. */
function requestUrl(app: SandboxApp, req: IncomingMessage): URL {
  const target = req.url ?? '';
  const url = target.startsWith('/') && URL.canParse(app.baseUrl + target) ? new URL(app.baseUrl + target) : null;
  if (!url) throw new HttpError(400, { error: 'invalid_request', error_description: 'Malformed request target.' });
  return url;
}

/** Every failure becomes a response; nothing a client sends may take the process down. */
function sendFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    sendJson(res, error.status, error.body);
    return;
  }
  console.error('Sandbox: unexpected error', error);
  sendJson(res, 500, { error: 'server_error', error_description: 'Unexpected sandbox error.' });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: Server, shutdown: AbortController): Promise<void> {
  shutdown.abort();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Hanging fault requests and idle keep-alive sockets would otherwise keep close() waiting.
    server.closeAllConnections();
  });
}
