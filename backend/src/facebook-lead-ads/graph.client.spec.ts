import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderHttp } from '../integrations/catalog';
import { ProviderHttpError, ProviderUnreachableError } from '../integrations/providers/provider-http.client';
import type { ProviderRegistry } from '../integrations/providers/provider-registry.service';
import type { RuntimeProvider } from '../integrations/providers/runtime-provider';
import { FacebookLeadAdsException } from './facebook-lead-ads.exception';
import { GraphClient } from './graph.client';

const BASE = 'https://graph.test/v23.0';
const caller = { accountId: 'acc-1', token: 'page-token' };

interface Call {
  url: string;
  token?: string;
}

function client(answer: (url: URL) => unknown) {
  const calls: Call[] = [];
  const http: ProviderHttp = {
    async getJson<T>(url: string, token?: string) {
      calls.push({ url, token });
      const result = answer(new URL(url));
      if (result instanceof Error) throw result;
      return result as T;
    },
    async postForm<T>(url: string, form: Record<string, string>) {
      calls.push({ url: `${url}#${new URLSearchParams(form).toString()}` });
      const result = answer(new URL(url));
      if (result instanceof Error) throw result;
      return result as T;
    },
    async request() {
      return 200;
    },
  };
  // Fakes of the two collaborators GraphClient calls: only the members it uses.
  const provider = { context: { http, apiBaseUrl: BASE } } as RuntimeProvider;
  const providers = { get: (_key: string) => provider } as ProviderRegistry;
  return { graph: new GraphClient(providers), calls };
}

const graphError = (status: number, code: number, message: string, subcode?: number) =>
  new ProviderHttpError(
    status,
    { error: { code, message, type: 'OAuthException', ...(subcode ? { error_subcode: subcode } : {}) } },
    `${BASE}/x`,
  );

const rejects = (promise: Promise<unknown>, code: string, message?: RegExp) =>
  assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof FacebookLeadAdsException, String(error));
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });

describe(GraphClient.name, () => {
  it('follows paging.cursors.after while Graph announces a next page, on its own base URL', async () => {
    const { graph, calls } = client((url) => {
      const after = url.searchParams.get('after');
      if (!after)
        return {
          data: [{ id: '1', name: 'One' }],
          paging: { cursors: { after: 'c1' }, next: 'https://evil.test/steal?after=c1' },
        };
      if (after === 'c1') return { data: [{ id: '2', name: 'Two' }], paging: { cursors: { after: 'c2' } } };
      throw new Error(`unexpected cursor ${after}`);
    });
    const pages = await graph.listPages({ accountId: 'acc-1', token: 'user-token' });
    assert.deepEqual(
      pages.map((p) => p.id),
      ['1', '2'],
    );
    assert.equal(calls.length, 2);
    assert.ok(calls.every((c) => c.url.startsWith(`${BASE}/me/accounts?`) && c.token === 'user-token'));
    assert.equal(new URL(calls[1].url).searchParams.get('limit'), '100');
  });

  it('asks for leads created after a time, in whole seconds', async () => {
    const { graph, calls } = client(() => ({ data: [] }));
    await graph.listLeadsSince(caller, '2000001', new Date('2025-01-01T00:00:10.500Z'));
    const filtering = JSON.parse(new URL(calls[0].url).searchParams.get('filtering') ?? '[]') as { value: number }[];
    assert.equal(filtering[0].value, Date.parse('2025-01-01T00:00:10Z') / 1000 - 1);
  });

  it('subscribes a page to leadgen with its page token', async () => {
    const { graph, calls } = client(() => ({ success: true }));
    await graph.subscribeLeadgen(caller, '1000001');
    assert.equal(calls[0].url, `${BASE}/1000001/subscribed_apps#subscribed_fields=leadgen&access_token=page-token`);
  });

  it('tells a rejected user token (190) from a rejected page token, and marks no connection', async () => {
    const expired = () => graphError(400, 190, 'Error validating access token: Session has expired.', 463);
    await rejects(
      client(expired).graph.listPages(caller),
      'user_token_expired',
      /Reconnect to manage forms — leads keep arriving/,
    );
    await rejects(client(expired).graph.getLead({ ...caller, pageId: '1000001' }, '3000001'), 'page_token_rejected');
  });

  it('maps Graph rate-limit codes to rate_limited', async () => {
    for (const code of [4, 17, 32, 613, 80001]) {
      await rejects(client(() => graphError(400, code, 'limit reached')).graph.getLead(caller, '1'), 'rate_limited');
    }
  });

  it('names the missing permission for #200 and #10 errors', async () => {
    const named = client(() => graphError(403, 200, '(#200) Requires pages_manage_metadata permission to manage the object'));
    await rejects(named.graph.subscribeLeadgen(caller, '1000001'), 'missing_permission', /pages_manage_metadata/);
    const unnamed = client(() => graphError(403, 10, '(#10) Application does not have permission for this action'));
    await rejects(unnamed.graph.getLead(caller, '3000001'), 'missing_permission', /leads_retrieval/);
  });

  it('answers provider_unavailable for outages, timeouts and unknown errors', async () => {
    await rejects(
      client(() => graphError(503, 2, 'Service temporarily unavailable')).graph.getLead(caller, '1'),
      'provider_unavailable',
    );
    await rejects(
      client(() => new ProviderUnreachableError(`${BASE}/1`, new Error('timed out'))).graph.getLead(caller, '1'),
      'provider_unavailable',
    );
  });

  it('reports objects Graph cannot find, and never puts a non-numeric id in a path', async () => {
    await rejects(
      client(() => graphError(400, 100, 'Unsupported get request.', 33)).graph.getLead(caller, '9'),
      'facebook_object_not_found',
    );
    const { graph, calls } = client(() => ({}));
    await rejects(graph.getLead(caller, '../me/permissions'), 'facebook_object_not_found');
    assert.equal(calls.length, 0);
  });
});
