// B7: what the provider proxy adds to a call. The same HubSpot contacts read, one request at a time so
// the figures are latency rather than queueing: through `GET /integrations/hubspot/proxy/...` with an
// API key, and straight to the sandbox with the connection's access token (from the credentials endpoint).
import { percentile } from '../lib/processes.mjs';
import { runConnectRoundTrips, signInDemoAdmin } from './connect-round-trip.mjs';

const PROVIDER_PATH = '/crm/v3/objects/contacts?limit=2';

/**
 * One request after another for `seconds`, each timed on its own (autocannon's whole milliseconds would
 * round both sides of a sub-millisecond difference to the same figure).
 * @param {string} url
 * @param {string} token
 * @param {number} seconds
 */
async function sequential(url, token, seconds) {
  /** @type {number[]} */
  const latencies = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((x, y) => x - y);
  const ms = (/** @type {number} */ p) => Math.round(percentile(latencies, p) * 100) / 100;
  return { rps: Math.round(latencies.length / seconds), p50: ms(50), p99: ms(99) };
}

/**
 * @param {{ appUrl: string, sandboxUrl: string, seconds: number }} options
 */
export async function runProxyOverhead({ appUrl, sandboxUrl, seconds }) {
  const browser = await signInDemoAdmin(appUrl);
  const headers = { Cookie: browser.header(), Origin: appUrl, 'Content-Type': 'application/json' };
  const hubspot = await (await fetch(`${appUrl}/api/v1/integrations/hubspot`, { headers })).json();
  if (hubspot.status !== 'connected') await runConnectRoundTrips({ appUrl, flows: 1, keepLast: true });
  const created = await fetch(`${appUrl}/api/v1/api-keys`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'B7 proxy bench', scopes: ['integrations:proxy', 'integrations:credentials'] }),
  });
  if (created.status !== 201) throw new Error(`api key: ${created.status} ${await created.text()}`);
  const { key } = await created.json();
  const credentials = await fetch(`${appUrl}/api/v1/integrations/hubspot/connection/credentials`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (credentials.status !== 200) throw new Error(`credentials: ${credentials.status} ${await credentials.text()}`);
  const { accessToken } = await credentials.json();

  const direct = await sequential(`${sandboxUrl}/hubspot/api${PROVIDER_PATH}`, accessToken, seconds);
  const proxied = await sequential(`${appUrl}/api/v1/integrations/hubspot/proxy${PROVIDER_PATH}`, key, seconds);
  return { seconds, path: PROVIDER_PATH, proxied, direct };
}
