// B2: full connect flows against the sandbox, timed per step: connect → authorize (app) → consent
// (sandbox) → callback (app: claim, code exchange, profile, encrypt, upsert) → flow status (app).
import { percentile } from '../lib/processes.mjs';

/** Just enough of a browser for the API: it keeps the cookies the app sets. */
export class Browser {
  /** @type {Map<string, string>} */
  cookies = new Map();

  /** @param {Response} response */
  store(response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * @template T
 * @param {T | null | undefined} value
 * @param {string} what names it in the error
 * @returns {T}
 */
function expected(value, what) {
  if (value === null || value === undefined) throw new Error(`no ${what} in the answer`);
  return value;
}

/**
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<[T, number]>} its value and how many milliseconds it took
 */
async function timed(fn) {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

/**
 * The demo admin's browser, signed in.
 * @param {string} appUrl
 */
export async function signInDemoAdmin(appUrl) {
  const browser = new Browser();
  const login = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { Origin: appUrl, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@aurora.test', password: 'aurora-demo' }),
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  browser.store(login);
  return browser;
}

/**
 * @param {{ appUrl: string, flows: number, key?: string, keepLast?: boolean }} options keepLast: leave the last
 *   connection in place (B3 imports leads through it)
 */
export async function runConnectRoundTrips({ appUrl, flows, key = 'hubspot', keepLast = false }) {
  const browser = await signInDemoAdmin(appUrl);
  const headers = () => ({ Cookie: browser.header(), Origin: appUrl, 'Content-Type': 'application/json' });

  const totals = [];
  const serverTimes = [];
  for (let i = 0; i < flows; i++) {
    const flowStarted = performance.now();
    let server = 0;
    const [start, t1] = await timed(async () => {
      const r = await fetch(`${appUrl}/api/v1/integrations/${key}/connect`, { method: 'POST', headers: headers() });
      browser.store(r);
      if (r.status !== 201) throw new Error(`connect: ${r.status} ${await r.text()}`);
      return r.json();
    });
    const [providerUrl, t2] = await timed(async () => {
      const r = await fetch(start.authorizeUrl, { headers: { Cookie: browser.header() }, redirect: 'manual' });
      await r.arrayBuffer();
      return expected(r.headers.get('location'), 'redirect to the provider');
    });
    const consent = await (await fetch(providerUrl)).text();
    const requestId = expected(/name="request_id" value="([^"]+)"/.exec(consent)?.[1], 'consent request id');
    const action = new URL(expected(/<form[^>]*action="([^"]+)"/.exec(consent)?.[1], 'consent form'), providerUrl);
    const decision = await fetch(action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request_id: requestId, decision: 'authorize' }),
      redirect: 'manual',
    });
    const callbackUrl = expected(decision.headers.get('location'), 'redirect to the callback');
    const [, t3] = await timed(async () => {
      const r = await fetch(callbackUrl, { headers: { Cookie: browser.header() }, redirect: 'manual' });
      await r.arrayBuffer();
      if (r.status !== 303) throw new Error(`callback: ${r.status}`);
    });
    const [status, t4] = await timed(async () =>
      (await fetch(`${appUrl}/api/v1/integrations/flows/${start.flowId}`, { headers: headers() })).json(),
    );
    if (status.status !== 'connected') throw new Error(`flow ended ${status.status} ${status.error ?? ''}`);
    server = t1 + t2 + t3 + t4;
    totals.push(performance.now() - flowStarted);
    serverTimes.push(server);
    if (i < flows - 1 || !keepLast) {
      const disconnect = await fetch(`${appUrl}/api/v1/integrations/${key}/connection`, { method: 'DELETE', headers: headers() });
      if (disconnect.status !== 204) throw new Error(`disconnect: ${disconnect.status}`);
    }
  }
  totals.sort((a, b) => a - b);
  serverTimes.sort((a, b) => a - b);
  return {
    browser,
    flows,
    median: percentile(totals, 50),
    p95: percentile(totals, 95),
    serverMedian: percentile(serverTimes, 50),
    serverP95: percentile(serverTimes, 95),
  };
}
