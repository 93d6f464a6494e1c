import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderHttp } from '../integrations/catalog';
import { ProviderHttpError, ProviderUnreachableError } from '../integrations/providers/provider-http.client';
import type { ProviderRegistry } from '../integrations/providers/provider-registry.service';
import type { RuntimeProvider } from '../integrations/providers/runtime-provider';
import { FacebookLeadAdsException } from './facebook-lead-ads.exception';
import { appSecretProof } from '../integrations/catalog/facebook-appsecret-proof';
import { GraphClient, LEAD_FIELDS } from './graph.client';

const BASE = 'https://graph.test/v24.0';
const caller = { accountId: 'acc-1', token: 'page-token' };

interface Call {
  method?: string;
  url: string;
  token?: string;
}

const APP_ID = 'app-1';
const APP_SECRET = 'app-secret';

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
    async request(method: string, url: string, token?: string) {
      calls.push({ method, url, token });
      return 200;
    },
    async deleteJson<T>(url: string, token?: string) {
      calls.push({ method: 'DELETE', url, token });
      return {} as T;
    },
  };
  // Fakes of the two collaborators GraphClient calls: only the members it uses.
  const provider = { context: { http, apiBaseUrl: BASE, clientId: APP_ID, clientSecret: APP_SECRET } } as RuntimeProvider;
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

  it('proves the app secret on every call, with the proof of the token that call uses', async () => {
    const { graph, calls } = client(() => ({ data: [] }));
    await graph.listPages({ accountId: 'acc-1', token: 'user-token' });
    await graph.listLeadsSince(caller, '2000001', new Date());
    await graph.unsubscribeLeadgen(caller, '1000001');
    assert.equal(calls.length, 3);
    for (const call of calls) {
      const token = call.url.includes('/me/') ? 'user-token' : 'page-token';
      assert.equal(new URL(call.url).searchParams.get('appsecret_proof'), appSecretProof(token, APP_SECRET), call.url);
    }
  });

  it('asks Graph for every lead field: answers, attribution, platform and consent', async () => {
    const { graph, calls } = client(() => ({ id: '3000001' }));
    await graph.getLead(caller, '3000001');
    const fields = new URL(calls[0].url).searchParams.get('fields')?.split(',');
    assert.deepEqual(fields, LEAD_FIELDS.split(','));
    for (const field of [
      'ad_name',
      'adset_id',
      'campaign_name',
      'is_organic',
      'platform',
      'custom_disclaimer_responses',
      'partner_name',
    ]) {
      assert.ok(fields?.includes(field), field);
    }
  });

  it('adds leadgen to the fields the app already has on the page, and changes nothing when present', async () => {
    const subscribed = (fields: string[]) => (url: URL) =>
      url.pathname.endsWith('/subscribed_apps') && !url.searchParams.has('subscribed_fields')
        ? {
            data: [
              { id: 'other-app', subscribed_fields: ['leadgen'] },
              { id: APP_ID, subscribed_fields: fields },
            ],
          }
        : { success: true };
    const fresh = client(subscribed(['feed', 'messages']));
    await fresh.graph.subscribeLeadgen(caller, '1000001');
    assert.equal(fresh.calls.length, 2);
    const post = fresh.calls[1].url.split('#');
    assert.equal(new URL(post[0]).pathname, '/v24.0/1000001/subscribed_apps');
    assert.equal(new URLSearchParams(post[1]).get('subscribed_fields'), 'feed,messages,leadgen');
    assert.equal(new URLSearchParams(post[1]).get('access_token'), 'page-token');

    const already = client(subscribed(['leadgen']));
    await already.graph.subscribeLeadgen(caller, '1000001');
    assert.equal(already.calls.length, 1, 'only the read');
  });

  it('removes only leadgen, and deletes the subscription only when no other field remains', async () => {
    const answer = (fields: string[]) => (url: URL) =>
      url.searchParams.has('limit') ? { data: [{ id: APP_ID, subscribed_fields: fields }] } : { success: true };
    const shared = client(answer(['feed', 'leadgen']));
    await shared.graph.unsubscribeLeadgen(caller, '1000001');
    assert.equal(shared.calls.length, 2);
    assert.equal(shared.calls[1].method, undefined, 'a POST, not a DELETE');
    assert.equal(new URLSearchParams(shared.calls[1].url.split('#')[1]).get('subscribed_fields'), 'feed');

    const alone = client(answer(['leadgen']));
    await alone.graph.unsubscribeLeadgen(caller, '1000001');
    assert.equal(alone.calls[1].method, 'DELETE');

    const none = client(answer(['feed']));
    await none.graph.unsubscribeLeadgen(caller, '1000001');
    assert.equal(none.calls.length, 1, 'nothing to remove');
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
    await rejects(named.graph.subscribedFields(caller, '1000001'), 'missing_permission', /pages_manage_metadata/);
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

  it('treats a Graph 100 without subcode as a rejected request, not as Facebook being unavailable', async () => {
    const missingProof = graphError(400, 100, 'API calls from the server require an appsecret_proof argument');
    await rejects(client(() => missingProof).graph.getLead(caller, '1'), 'graph_request_rejected', /Graph error 100/);
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

  it('reads leads 50 per Batch API call and keeps each refusal to its own lead', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(4000000 + i));
    const refusal = (code: number, subcode?: number) => ({
      code: 400,
      body: JSON.stringify({ error: { code, message: 'refused', ...(subcode ? { error_subcode: subcode } : {}) } }),
    });
    const batches: { url: URL; form: URLSearchParams }[] = [];
    const { graph, calls } = client((url) => {
      const form = new URLSearchParams(calls.at(-1)!.url.split('#')[1]);
      batches.push({ url, form });
      const requests = JSON.parse(form.get('batch')!) as { method: string; relative_url: string }[];
      return requests.map((request) => {
        const id = request.relative_url.split('?')[0];
        if (id === '4000001') return refusal(100, 33);
        if (id === '4000002') return refusal(32);
        if (id === '4000003') return null;
        return { code: 200, body: JSON.stringify({ id, form_id: '2000001' }) };
      });
    });
    const reads = await graph.getLeads(caller, [...ids, '../me']);

    assert.deepEqual(
      batches.map(({ form }) => (JSON.parse(form.get('batch')!) as unknown[]).length),
      [50, 50, 1],
    );
    for (const { url, form } of batches) {
      assert.equal(url.pathname, '/v24.0/');
      assert.equal(url.searchParams.get('appsecret_proof'), appSecretProof(caller.token, APP_SECRET));
      assert.equal(form.get('access_token'), caller.token, 'the token travels in the body, never in the URL');
      assert.equal(url.searchParams.get('access_token'), null);
    }
    const first = JSON.parse(batches[0]!.form.get('batch')!)[0] as { method: string; relative_url: string };
    assert.deepEqual(first, { method: 'GET', relative_url: `4000000?fields=${LEAD_FIELDS}` });
    const errorOf = (id: string) => (reads.find((read) => read.id === id)?.error as FacebookLeadAdsException | undefined)?.code;
    assert.equal(errorOf('4000001'), 'facebook_object_not_found');
    assert.equal(errorOf('4000002'), 'rate_limited');
    assert.equal(errorOf('4000003'), 'provider_unavailable');
    assert.equal(errorOf('../me'), 'facebook_object_not_found');
    assert.equal(reads.filter((read) => read.lead).length, 98);
    assert.equal(reads.length, 102);
  });
});
