import { API_BASE } from '../api/http';

/** What a mocked endpoint answers. */
export interface MockReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  /** Path below /api/v1, without the query string. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  init: RequestInit;
}

type Reply = MockReply | ((request: RecordedRequest) => MockReply | Promise<MockReply>);

interface Route {
  method: string;
  path: string | RegExp;
  reply: Reply;
  once: boolean;
}

function toResponse(reply: MockReply): Response {
  const status = reply.status ?? 200;
  const headers = new Map(Object.entries(reply.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  const response = {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(reply.body),
  };
  return response as unknown as Response;
}

export function errorReply(status: number, error: string, message = error): MockReply {
  return { status, body: { statusCode: status, error, message } };
}

/**
 * Replaces global.fetch with a small router of canned answers, the only boundary the tests mock.
 * Later registrations win, so a test can override a default answer.
 */
export function installFetchMock() {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];

  const fetchMock = jest.fn(async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname.startsWith(API_BASE) ? url.pathname.slice(API_BASE.length) : url.pathname;
    const request: RecordedRequest = {
      method,
      path,
      query: url.searchParams,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      init,
    };
    requests.push(request);

    for (let index = routes.length - 1; index >= 0; index -= 1) {
      const route = routes[index];
      if (!route || route.method !== method) continue;
      const matches = typeof route.path === 'string' ? route.path === path : route.path.test(path);
      if (!matches) continue;
      if (route.once) routes.splice(index, 1);
      const reply = typeof route.reply === 'function' ? await route.reply(request) : route.reply;
      return toResponse(reply);
    }
    return toResponse(errorReply(404, 'not_found', `No mock for ${method} ${path}`));
  });

  globalThis.fetch = fetchMock as unknown as typeof fetch;

  return {
    fetch: fetchMock,
    requests,
    on(method: string, path: string | RegExp, reply: Reply) {
      routes.push({ method, path, reply, once: false });
      return this;
    },
    once(method: string, path: string | RegExp, reply: Reply) {
      routes.push({ method, path, reply, once: true });
      return this;
    },
    /** Requests made to one endpoint, e.g. callsTo('DELETE', '/integrations/flows/f1'). */
    callsTo(method: string, path: string): RecordedRequest[] {
      return requests.filter((request) => request.method === method && request.path === path);
    },
  };
}

export type FetchMock = ReturnType<typeof installFetchMock>;
