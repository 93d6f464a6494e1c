import type { ProviderHttp } from '../catalog';

/** The provider answered with an error status; `body` is its (parsed when JSON) error payload. */
export class ProviderHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    url: string,
  ) {
    super(`Provider answered HTTP ${status} for ${new URL(url).origin}${new URL(url).pathname}`);
    this.name = 'ProviderHttpError';
  }

  /** RFC 6749 §5.2 error code, when the provider sent one. */
  get oauthError(): string | undefined {
    const error = (this.body as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error : undefined;
  }
}

/** The provider could not be reached or did not answer within the timeout. */
export class ProviderUnreachableError extends Error {
  /** No answer in time: the provider may still have acted on the request. */
  readonly timedOut: boolean;

  constructor(url: string, cause: unknown) {
    super(
      `Provider unreachable: ${new URL(url).origin} (${(cause as Error)?.name === 'TimeoutError' ? 'timed out' : String((cause as Error)?.message ?? cause)})`,
    );
    this.name = 'ProviderUnreachableError';
    this.timedOut = (cause as Error)?.name === 'TimeoutError';
  }
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Some providers (old Facebook, GitHub) answer form-encoded.
    return Object.fromEntries(new URLSearchParams(text));
  }
}

/** Every outside call goes through here: bounded by a timeout, never retried, errors typed. */
export class ProviderHttpClient implements ProviderHttp {
  /** `transport` is the network; contract specs script it to see each call exactly as it leaves. */
  constructor(
    private readonly timeoutMs: number,
    private readonly transport: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.transport(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new ProviderUnreachableError(url, error);
    }
  }

  private async json<T>(url: string, init: RequestInit): Promise<T> {
    const response = await this.send(url, init);
    let body: unknown;
    try {
      body = await parseBody(response);
    } catch (error) {
      throw new ProviderUnreachableError(url, error);
    }
    if (!response.ok) throw new ProviderHttpError(response.status, body, url);
    return body as T;
  }

  getJson<T>(url: string, accessToken?: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    return this.json<T>(url, { method: 'GET', headers });
  }

  deleteJson<T>(url: string, accessToken?: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    return this.json<T>(url, { method: 'DELETE', headers });
  }

  postForm<T>(url: string, form: Record<string, string>, basicAuth?: { user: string; password: string }): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
    };
    if (basicAuth) {
      const credentials = `${encodeURIComponent(basicAuth.user)}:${encodeURIComponent(basicAuth.password)}`;
      headers.Authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    return this.json<T>(url, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  }

  /** A JSON API call whose every status is the caller's to read (lead destinations read Slack's and Google's). */
  async exchangeJson(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    accessToken: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${accessToken}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    const response = await this.send(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let parsed: unknown;
    try {
      parsed = await parseBody(response);
    } catch (error) {
      throw new ProviderUnreachableError(url, error);
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  async request(method: 'DELETE' | 'POST' | 'GET', url: string, accessToken?: string): Promise<number> {
    const response = await this.send(url, { method, headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {} });
    await response.arrayBuffer();
    return response.status;
  }
}
