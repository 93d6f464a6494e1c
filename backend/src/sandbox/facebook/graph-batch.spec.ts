import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { hmacSha256Hex } from '../core/secrets';
import type { SandboxServer } from '../core/sandbox.types';
import {
  FACEBOOK,
  graphGet,
  graphUrl,
  longLivedUserToken,
  pageToken,
  postForm,
  postJson,
  startTestSandbox,
  type GraphErrorBody,
  type GraphLead,
  type GraphList,
} from '../../../test/support/sandbox-harness';
import { MAX_BATCH_REQUESTS, handleBatch } from './graph-batch';

const COFFEE_PAGE = '1000001';
const SUBSCRIPTION_FORM = '2000001';
const WHOLESALE_FORM = '2000002';

interface Answer {
  code: number;
  headers?: { name: string; value: string }[];
  body: string;
}

describe(handleBatch.name, () => {
  let sandbox: SandboxServer;
  let coffeeToken: string;
  let subscriptionLeads: string[];
  let wholesaleLeads: string[];

  before(async () => {
    sandbox = await startTestSandbox();
    coffeeToken = await pageToken(sandbox, await longLivedUserToken(sandbox), COFFEE_PAGE);
    const leadsOf = async (formId: string) =>
      (await graphGet<GraphList<GraphLead>>(sandbox, `${formId}/leads`, { access_token: coffeeToken })).data.map((l) => l.id);
    subscriptionLeads = await leadsOf(SUBSCRIPTION_FORM);
    wholesaleLeads = await leadsOf(WHOLESALE_FORM);
  });

  afterEach(async () => {
    await postJson(`${sandbox.url}/control/facebook/leads-access`, { formId: SUBSCRIPTION_FORM, granted: true });
    await postJson(`${sandbox.url}/control/facebook/rate-limit`, { pageId: COFFEE_PAGE, calls: 0 });
    await postJson(`${sandbox.url}/control/facebook/settings`, { requireAppSecretProof: false });
  });

  after(() => sandbox.close());

  const reads = (ids: string[], extra = '') =>
    ids.map((id) => ({ method: 'GET', relative_url: `${id}?fields=id,form_id${extra}` }));

  async function batch(requests: unknown, form: Record<string, string> = {}): Promise<Response> {
    const root = graphUrl(sandbox, '').replace(/\?$/, '');
    return postForm(root, { access_token: coffeeToken, include_headers: 'false', batch: JSON.stringify(requests), ...form });
  }

  async function answers(requests: unknown, form: Record<string, string> = {}): Promise<Answer[]> {
    const response = await batch(requests, form);
    assert.equal(response.status, 200);
    return (await response.json()) as Answer[];
  }

  const errorOf = (answer: Answer) => (JSON.parse(answer.body) as GraphErrorBody).error;

  it('answers each request in order with its own code and a JSON-encoded body', async () => {
    const got = await answers(reads(subscriptionLeads.slice(0, 3)));
    assert.deepEqual(
      got.map((answer) => [answer.code, (JSON.parse(answer.body) as GraphLead).id]),
      subscriptionLeads.slice(0, 3).map((id) => [200, id]),
    );
    assert.equal(got[0]!.headers, undefined);
    const withHeaders = await answers(reads(subscriptionLeads.slice(0, 1)), { include_headers: 'true' });
    assert.ok(withHeaders[0]!.headers?.some((header) => header.name === 'Content-Type'));
  });

  it('refuses one unknown id or unknown field without failing the others', async () => {
    const got = await answers([
      ...reads(['9999999999']),
      ...reads([subscriptionLeads[0]!], ',shoe_size'),
      ...reads(wholesaleLeads),
    ]);
    assert.deepEqual(
      got.map((answer) => answer.code),
      [400, 400, 200, 200],
    );
    assert.deepEqual([errorOf(got[0]!).code, errorOf(got[0]!).error_subcode], [100, 33]);
    assert.match(errorOf(got[1]!).message, /nonexisting field \(shoe_size\)/);
  });

  it(`refuses more than ${MAX_BATCH_REQUESTS} requests whole, and a batch that is not a JSON array`, async () => {
    const tooMany = await batch(reads(Array.from({ length: MAX_BATCH_REQUESTS + 1 }, () => subscriptionLeads[0]!)));
    assert.equal(tooMany.status, 400);
    const error = ((await tooMany.json()) as GraphErrorBody).error;
    assert.deepEqual([error.code, error.type], [1, 'GraphBatchException']);
    assert.match(error.message, /Maximum batch size is 50/);
    assert.equal((await answers(reads(Array.from({ length: MAX_BATCH_REQUESTS }, () => subscriptionLeads[0]!)))).length, 50);
    for (const bad of ['{"method":"GET"}', 'not json', '[{"method":"GET"}]']) {
      const response = await postForm(graphUrl(sandbox, '').replace(/\?$/, ''), { access_token: coffeeToken, batch: bad });
      assert.equal(response.status, 400, bad);
      assert.equal(((await response.json()) as GraphErrorBody).error.code, 100);
    }
  });

  it('refuses the leads of a form Leads Access Manager withholds, and only those', async () => {
    await postJson(`${sandbox.url}/control/facebook/leads-access`, { formId: SUBSCRIPTION_FORM, granted: false });
    const got = await answers(reads([subscriptionLeads[0]!, wholesaleLeads[0]!, subscriptionLeads[1]!]));
    assert.deepEqual(
      got.map((answer) => answer.code),
      [400, 200, 400],
    );
    assert.deepEqual([errorOf(got[0]!).code, errorOf(got[0]!).error_subcode], [100, 33]);
    assert.match(errorOf(got[2]!).message, new RegExp(subscriptionLeads[1]!));
  });

  it('counts every request of the batch against the page’s rate limit', async () => {
    await postJson(`${sandbox.url}/control/facebook/rate-limit`, { pageId: COFFEE_PAGE, code: 32, calls: 2 });
    const got = await answers(reads(subscriptionLeads.slice(0, 3)));
    assert.deepEqual(
      got.map((answer) => answer.code),
      [400, 400, 200],
    );
    assert.equal(errorOf(got[0]!).code, 32);
  });

  it('authorises every request with the batch’s token and appsecret_proof, or with its own', async () => {
    await postJson(`${sandbox.url}/control/facebook/settings`, { requireAppSecretProof: true });
    const proof = hmacSha256Hex(FACEBOOK.clientSecret, coffeeToken);
    assert.deepEqual(
      (await answers(reads(subscriptionLeads.slice(0, 2)), { appsecret_proof: proof })).map((answer) => answer.code),
      [200, 200],
    );
    const unproven = await answers(reads(subscriptionLeads.slice(0, 2)));
    assert.deepEqual(
      unproven.map((answer) => [answer.code, errorOf(answer).code]),
      [
        [400, 100],
        [400, 100],
      ],
    );
    // A request carrying its own token needs that token's proof; the batch's proof is not lent to it.
    const own = [{ method: 'GET', relative_url: `${subscriptionLeads[0]}?access_token=${coffeeToken}` }];
    assert.equal((await answers(own, { appsecret_proof: proof }))[0]!.code, 400);
    const ownProven = [
      { method: 'GET', relative_url: `${subscriptionLeads[0]}?access_token=${coffeeToken}&appsecret_proof=${proof}` },
    ];
    assert.equal((await answers(ownProven, { access_token: 'sbx_at_unknown' }))[0]!.code, 200);
    const invalid = await answers(reads(subscriptionLeads.slice(0, 1)), { access_token: 'sbx_at_unknown' });
    assert.equal(errorOf(invalid[0]!).code, 190);
  });
});
