import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SandboxEvent } from '../../src/sandbox/core/event-log';
import { startSandbox, type SandboxClient, type SandboxOptions, type SandboxServer } from '../../src/sandbox';

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export interface ErrorBody {
  error: string;
  error_description?: string;
}

export const HUBSPOT: SandboxClient = {
  providerKey: 'hubspot',
  clientId: 'hubspot-client',
  clientSecret: 'hubspot-secret',
  redirectUri: 'http://localhost:3000/api/v1/integrations/hubspot/callback',
  name: 'HubSpot',
};

/** A second app registered with the same provider, to prove codes are bound to their client. */
export const HUBSPOT_OTHER_APP: SandboxClient = {
  ...HUBSPOT,
  clientId: 'hubspot-other-client',
  clientSecret: 'other-secret',
  redirectUri: 'http://localhost:3000/other/callback',
};

export const FACEBOOK: SandboxClient = {
  providerKey: 'facebook-lead-ads',
  clientId: '1234567890',
  clientSecret: 'facebook-app-secret',
  redirectUri: 'http://localhost:3000/api/v1/integrations/facebook-lead-ads/callback',
  name: 'Facebook',
};

export function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<SandboxServer> {
  return startSandbox({ port: 0, clients: [HUBSPOT, HUBSPOT_OTHER_APP, FACEBOOK], ...options });
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(sandbox: SandboxServer, client: SandboxClient, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: 'crm.objects.contacts.read oauth',
    // Unique per request: the sandbox answers Back to an already answered state with a "used" page.
    state: `state-${randomUUID()}`,
    ...params,
  });
  return `${sandbox.url}/${client.providerKey}/oauth/authorize?${query}`;
}

export function requestIdOf(html: string): string {
  const match = /name="request_id" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('The consent page has no request_id');
  return match[1];
}

export function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), headers, redirect: 'manual' });
}

export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

export async function decide(
  sandbox: SandboxServer,
  client: SandboxClient,
  decision: 'authorize' | 'cancel',
  params: Record<string, string> = {},
): Promise<Response> {
  const consent = await fetch(authorizeUrl(sandbox, client, params), { redirect: 'manual' });
  const requestId = requestIdOf(await consent.text());
  return postForm(`${sandbox.url}/${client.providerKey}/oauth/decision`, { request_id: requestId, decision });
}

/** Runs the consent step and returns the URL the browser would be sent back to. */
export async function authorize(
  sandbox: SandboxServer,
  client: SandboxClient,
  params: Record<string, string> = {},
): Promise<URL> {
  const response = await decide(sandbox, client, 'authorize', params);
  return new URL(response.headers.get('location') ?? '');
}

export async function obtainCode(
  sandbox: SandboxServer,
  client: SandboxClient,
  params: Record<string, string> = {},
): Promise<string> {
  return (await authorize(sandbox, client, params)).searchParams.get('code') ?? '';
}

export function basicAuth(clientId: string, secret: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` };
}

export function tokenEndpoint(sandbox: SandboxServer, client: SandboxClient): string {
  return `${sandbox.url}/${client.providerKey}/oauth/token`;
}

export function redeem(
  sandbox: SandboxServer,
  client: SandboxClient,
  code: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  const form = { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, ...extra };
  return postForm(tokenEndpoint(sandbox, client), form, basicAuth(client.clientId, client.clientSecret));
}

/** The whole happy path with PKCE: consent, then code exchange. */
export async function obtainTokens(sandbox: SandboxServer, client: SandboxClient): Promise<TokenBody> {
  const { verifier, challenge } = pkcePair();
  const code = await obtainCode(sandbox, client, { code_challenge: challenge, code_challenge_method: 'S256' });
  const response = await redeem(sandbox, client, code, { code_verifier: verifier });
  if (response.status !== 200) throw new Error(`Token exchange failed: ${await response.text()}`);
  return (await response.json()) as TokenBody;
}

export function refresh(sandbox: SandboxServer, client: SandboxClient, refreshToken: string): Promise<Response> {
  const form = { grant_type: 'refresh_token', refresh_token: refreshToken };
  return postForm(tokenEndpoint(sandbox, client), form, basicAuth(client.clientId, client.clientSecret));
}

export function revoke(
  sandbox: SandboxServer,
  client: SandboxClient,
  token: string,
  secret = client.clientSecret,
): Promise<Response> {
  const url = `${sandbox.url}/${client.providerKey}/oauth/revoke`;
  return postForm(url, { token }, basicAuth(client.clientId, secret));
}

export function accountMe(sandbox: SandboxServer, client: SandboxClient, accessToken: string): Promise<Response> {
  return fetch(`${sandbox.url}/${client.providerKey}/api/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
}

export async function sandboxLog(sandbox: SandboxServer): Promise<SandboxEvent[]> {
  return (await (await fetch(`${sandbox.url}/control/log`)).json()) as SandboxEvent[];
}

export interface GraphErrorBody {
  error: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string };
}

export interface GraphList<T> {
  data: T[];
  paging?: { cursors: { before: string; after: string }; next?: string };
}

export interface GraphAccount {
  id: string;
  name: string;
  access_token: string;
  category: string;
  tasks: string[];
}

export interface GraphForm {
  id: string;
  name: string;
  status: string;
  questions: { key: string; label: string; type: string }[];
}

export interface GraphLead {
  id: string;
  created_time: string;
  field_data: { name: string; values: string[] }[];
  form_id: string;
  ad_id?: string;
}

export const GRAPH_VERSION = 'v21.0';

export function graphUrl(sandbox: SandboxServer, path: string, params: Record<string, string> = {}): string {
  return `${sandbox.url}/facebook-lead-ads/graph/${GRAPH_VERSION}/${path}?${new URLSearchParams(params)}`;
}

export async function graphGet<T>(sandbox: SandboxServer, path: string, params: Record<string, string>): Promise<T> {
  const response = await fetch(graphUrl(sandbox, path, params));
  if (response.status !== 200) throw new Error(`GET ${path} failed: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Connects Facebook the way the app does: code exchange, then the long-lived token exchange. */
export async function longLivedUserToken(sandbox: SandboxServer): Promise<string> {
  const shortLived = await obtainTokens(sandbox, FACEBOOK);
  const body = await graphGet<{ access_token: string }>(sandbox, 'oauth/access_token', {
    grant_type: 'fb_exchange_token',
    client_id: FACEBOOK.clientId,
    client_secret: FACEBOOK.clientSecret,
    fb_exchange_token: shortLived.access_token,
  });
  return body.access_token;
}

export async function pageToken(sandbox: SandboxServer, userToken: string, pageId: string): Promise<string> {
  const accounts = await graphGet<GraphList<GraphAccount>>(sandbox, 'me/accounts', { access_token: userToken });
  const page = accounts.data.find((account) => account.id === pageId);
  if (!page) throw new Error(`No page ${pageId}`);
  return page.access_token;
}
