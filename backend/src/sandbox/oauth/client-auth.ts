import { OAuthError } from './oauth-errors';
import type { ProviderRequestContext } from '../core/request-context';
import type { SandboxClient } from '../core/sandbox.types';
import { safeEqual } from '../core/secrets';

export interface ClientCredentials {
  clientId: string;
  secret: string;
  method: 'basic' | 'body';
}

/** HTTP Basic (RFC 6749 §2.3.1) or client_id + client_secret in the body, never both. */
export function readClientCredentials(ctx: ProviderRequestContext, params: URLSearchParams): ClientCredentials {
  const header = ctx.req.headers.authorization ?? '';
  if (/^Basic\s/i.test(header)) return fromBasic(header, params, ctx.providerKey);
  const clientId = params.get('client_id');
  const secret = params.get('client_secret');
  if (!clientId || !secret) {
    throw new OAuthError('invalid_client', 'Client authentication is required.', basicChallenge(ctx.providerKey));
  }
  return { clientId, secret, method: 'body' };
}

export function authenticateClient(ctx: ProviderRequestContext, credentials: ClientCredentials): SandboxClient {
  const client = ctx.app.config.clients.get(credentials.clientId);
  // The secret is compared even for an unknown client so timing does not reveal which client ids exist.
  const secretMatches = safeEqual(client?.clientSecret ?? '', credentials.secret);
  if (!client || client.providerKey !== ctx.providerKey || !secretMatches) {
    const headers = credentials.method === 'basic' ? basicChallenge(ctx.providerKey) : {};
    throw new OAuthError('invalid_client', 'Client authentication failed.', headers);
  }
  return client;
}

function fromBasic(header: string, params: URLSearchParams, realm: string): ClientCredentials {
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const clientId = separator > 0 ? formDecode(decoded.slice(0, separator)) : null;
  const secret = separator > 0 ? formDecode(decoded.slice(separator + 1)) : null;
  if (!clientId || secret === null) {
    throw new OAuthError('invalid_client', 'Malformed HTTP Basic credentials.', basicChallenge(realm));
  }
  if (params.has('client_secret')) {
    throw new OAuthError('invalid_request', 'Use exactly one client authentication method.');
  }
  if (params.has('client_id') && params.get('client_id') !== clientId) {
    throw new OAuthError('invalid_request', 'client_id in the body differs from the HTTP Basic client.');
  }
  return { clientId, secret, method: 'basic' };
}

/** Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1). */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function basicChallenge(realm: string): { 'WWW-Authenticate': string } {
  return { 'WWW-Authenticate': `Basic realm="${realm}"` };
}
