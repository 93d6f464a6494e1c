import assert from 'node:assert/strict';
import type { FlowResponse, StartedFlowResponse } from '../../../frontend/src/api/schema';
import { CookieJar } from './cookie-jar';

export interface ConnectOptions {
  /** Re-consent over a live connection. */
  reconnect?: boolean;
}

/**
 * Plays the admin's browser through the connect flow with fetch: the SPA's POST, the popup's
 * redirects, the sandbox consent page and the provider's redirect back to the app.
 */
export class OAuthDriver {
  constructor(
    readonly appUrl: string,
    readonly jar: CookieJar,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Cookie: this.jar.header(), Origin: this.appUrl, ...extra };
  }

  async api(method: string, path: string, baseUrl = this.appUrl): Promise<Response> {
    const response = await fetch(`${baseUrl}${path}`, { method, headers: this.headers(), redirect: 'manual' });
    this.jar.store(response);
    return response;
  }

  /** The SPA's POST; `body` is sent as JSON (`{reconnect: true}`), none when absent. */
  async postConnect(key: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.appUrl}/api/v1/integrations/${key}/connect`, {
      method: 'POST',
      headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    this.jar.store(response);
    return response;
  }

  async startConnect(key: string, options: ConnectOptions = {}): Promise<StartedFlowResponse> {
    const response = await this.postConnect(key, options.reconnect ? { reconnect: true } : undefined);
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as StartedFlowResponse;
  }

  /** Opens the authorize link as the popup would; returns the provider URL it was sent to. */
  async openAuthorize(authorizeUrl: string): Promise<string> {
    const response = await fetch(authorizeUrl, { headers: { Cookie: this.jar.header() }, redirect: 'manual' });
    assert.equal(response.status, 302, await response.text());
    return response.headers.get('location') as string;
  }

  /** Presses Authorize or Cancel on the sandbox consent page; returns the redirect back to the app. */
  async consent(providerUrl: string, decision: 'authorize' | 'cancel'): Promise<string> {
    const page = await fetch(providerUrl, { redirect: 'manual' });
    assert.equal(page.status, 200);
    const html = await page.text();
    const requestId = html.match(/name="request_id" value="([^"]+)"/)?.[1];
    assert.ok(requestId, 'consent page has a request id');
    const action = new URL(html.match(/<form[^>]*action="([^"]+)"/)?.[1] ?? '', providerUrl).toString();
    const response = await fetch(action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request_id: requestId, decision }).toString(),
      redirect: 'manual',
    });
    assert.equal(response.status, 302);
    return response.headers.get('location') as string;
  }

  /** Follows the provider's redirect to the app (optionally on another instance). */
  async callback(callbackUrl: string, options: { instanceUrl?: string; jar?: CookieJar } = {}): Promise<Response> {
    const url = new URL(callbackUrl);
    const target = options.instanceUrl ? `${options.instanceUrl}${url.pathname}${url.search}` : callbackUrl;
    return fetch(target, { headers: { Cookie: (options.jar ?? this.jar).header() }, redirect: 'manual' });
  }

  async flowStatus(flowId: string): Promise<{ status: string; error?: string; message?: string }> {
    const response = await this.api('GET', `/api/v1/integrations/flows/${flowId}`);
    assert.equal(response.status, 200);
    return (await response.json()) as FlowResponse;
  }

  /** The whole happy path; returns the flow id. */
  async connect(key: string, options: ConnectOptions = {}): Promise<string> {
    const { flowId, authorizeUrl } = await this.startConnect(key, options);
    const callbackUrl = await this.consent(await this.openAuthorize(authorizeUrl), 'authorize');
    const response = await this.callback(callbackUrl);
    assert.equal(response.status, 303);
    return flowId;
  }
}
