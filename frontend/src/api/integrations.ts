import { API_BASE, ApiError } from './http';
import { call } from './client';

export function listIntegrations() {
  return call('get', '/integrations');
}

export function getIntegration(key: string) {
  return call('get', '/integrations/{key}', { path: { key } });
}

/** `reconnect`: re-consent over a live connection (the server answers 409 already_connected without it). */
export function startConnect(key: string, options: { reconnect?: boolean } = {}) {
  return call('post', '/integrations/{key}/connect', { path: { key }, body: options.reconnect ? { reconnect: true } : {} });
}

export function getFlow(flowId: string) {
  return call('get', '/integrations/flows/{flowId}', { path: { flowId } });
}

export function cancelFlow(flowId: string) {
  return call('delete', '/integrations/flows/{flowId}', { path: { flowId } });
}

export function disconnect(key: string) {
  return call('delete', '/integrations/{key}/connection', { path: { key } });
}

export function testConnection(key: string) {
  return call('post', '/integrations/{key}/connection/test', { path: { key } });
}

export function listActivity(key: string) {
  return call('get', '/integrations/{key}/activity', { path: { key } });
}

/** What the provider answered through the proxy, as text: any status and body, unlike the typed calls. */
export interface ProxyTryResult {
  status: number;
  contentType: string | null;
  body: string;
}

/**
 * `GET /integrations/{key}/proxy/<path>` for the "Try it" box. The path is the provider's own, slashes
 * and query included, so it is appended as written rather than encoded as one path parameter.
 */
export async function tryProxy(key: string, providerPath: string): Promise<ProxyTryResult> {
  const path = providerPath.startsWith('/') ? providerPath : `/${providerPath}`;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/integrations/${encodeURIComponent(key)}/proxy${path}`, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  return { status: response.status, contentType: response.headers.get('Content-Type'), body: await response.text() };
}
