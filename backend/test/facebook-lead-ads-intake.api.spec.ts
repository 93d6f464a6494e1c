import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';
import {
  KEY,
  COFFEE_PAGE,
  SUBSCRIPTION_FORM,
  BIKES_PAGE,
  TEST_RIDE_FORM,
  ErrorBody,
  FormConnection,
  person,
  LeadAdsHarness,
} from './support/lead-ads-harness';

/** What the Lead Ads endpoints refuse, each on a stack of its own (the story in facebook-lead-ads.api.spec.ts needs none of it). */
describe(`Facebook Lead Ads: what is refused (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let dataSource: DataSource;

  before(async () => {
    stack = await startTestStack();
    h = new LeadAdsHarness(stack);
    dataSource = stack.app.app.get(DataSource);
    admin = await signedInAdmin(stack.app);
    await admin.connect(KEY);
  });
  after(() => stack.close());

  it('refuses a malformed contacts query with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['cursor=not-a-cursor', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['source=%27%20OR%201%3D1', 'source'],
    ]) {
      const response = await h.json<ErrorBody>(admin, 'GET', `/api/v1/contacts?${query}`);
      assert.equal(response.status, 400, query);
      assert.match(response.body.message, new RegExp(field), query);
    }
  });

  it('acknowledges and ignores leads of forms nobody connected', async () => {
    const lead = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('Hedy Lamarr', 4));
    assert.equal(lead.webhookStatus, 200);
    assert.equal((await h.allContacts(admin)).length, 0);
  });

  it('refuses invalid mappings and forms of another page, storing nothing', async () => {
    const put = (formId: string, body: unknown) =>
      h.json<ErrorBody>(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${formId}`, body);
    const cases: [unknown, number, RegExp][] = [
      [{ pageId: COFFEE_PAGE, mapping: { full_name: 'address' } }, 400, /mapping\.full_name must be one of/],
      [{ pageId: COFFEE_PAGE, mapping: { full_name: 'custom:bad-name!' } }, 400, /mapping\.full_name/],
      [{ pageId: COFFEE_PAGE, mapping: { favourite_colour: 'name' } }, 400, /mapping\.favourite_colour is not a question/],
      [{ pageId: COFFEE_PAGE, mapping: { full_name: 'email', email: 'email' } }, 400, /two questions to email/],
      [{ pageId: COFFEE_PAGE, mapping: [] }, 400, /mapping/],
      [{ pageId: COFFEE_PAGE, mapping: {}, extra: 1 }, 400, /extra/],
      [{ pageId: 'me', mapping: {} }, 400, /pageId/],
    ];
    for (const [body, status, message] of cases) {
      const response = await put(SUBSCRIPTION_FORM, body);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.match(response.body.message, message, JSON.stringify(body));
    }
    const otherPagesForm = await put(TEST_RIDE_FORM, { pageId: COFFEE_PAGE, mapping: {} });
    assert.equal(otherPagesForm.status, 404);
    assert.equal(otherPagesForm.body.error, 'form_not_found');
    assert.equal(Number((await dataSource.query('SELECT COUNT(*) AS n FROM facebook_form_connections'))[0].n), 0);
  });

  it('answers 400, not 500, to signed bodies that are not change notifications', async () => {
    for (const body of ['{"hello":"world"}', '[]', '{"object":"page","entry":[{"changes":"x"}]}']) {
      assert.equal((await h.postWebhook(body, h.sign(body))).status, 400, body);
    }
    assert.equal((await h.postWebhook('{not json', h.sign('{not json'))).status, 400);
    const otherObject = '{"object":"instagram","entry":[]}';
    assert.equal((await h.postWebhook(otherObject, h.sign(otherObject))).status, 200);
  });

  it('echoes the challenge only for the right verify token', async () => {
    const verify = (params: Record<string, string>) =>
      fetch(`${stack.appUrl}/api/v1/webhooks/facebook?${new URLSearchParams(params).toString()}`);
    const ok = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': h.verifyToken, 'hub.challenge': '1158201444' });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await ok.text(), '1158201444');
    const refusals: Record<string, string>[] = [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong-token', 'hub.challenge': '1' },
      { 'hub.mode': 'subscribe', 'hub.challenge': '1' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': h.verifyToken, 'hub.challenge': '1' },
    ];
    for (const params of refusals) {
      const refused = await verify(params);
      assert.equal(refused.status, 403, JSON.stringify(params));
      assert.doesNotMatch(await refused.text(), /"1"|^1$/);
    }
  });
});

describe(`1,000 concurrent signed webhooks (${testDatabaseKind()})`, () => {
  const TOTAL = 1000;
  const CONCURRENCY = 50;
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;

  before(async () => {
    stack = await startTestStack();
    h = new LeadAdsHarness(stack);
    admin = await signedInAdmin(stack.app);
    await admin.connect(KEY);
    const saved = await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${TEST_RIDE_FORM}`, {
      pageId: BIKES_PAGE,
      mapping: { full_name: 'name', email: 'email', phone_number: 'phone', preferred_bike_model: 'custom:bike' },
    });
    assert.equal(saved.status, 200);
  });
  after(() => stack.close());

  it(`imports exactly ${TOTAL} contacts from ${TOTAL} deliveries sent ${CONCURRENCY} at a time, without a 5xx`, async () => {
    const leadIds: string[] = [];
    for (let i = 0; i < TOTAL; i += CONCURRENCY) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, TOTAL - i) }, (_, n) =>
          h.createLead(
            BIKES_PAGE,
            TEST_RIDE_FORM,
            person(`Rider ${i + n}`, i + n, [{ name: 'preferred_bike_model', values: ['Gravel Pro'] }]),
            false,
          ),
        ),
      );
      leadIds.push(...batch.map((lead) => lead.leadId));
    }
    const deliveries = leadIds.map((leadId) => {
      const body = h.leadgenBody({ leadId, pageId: BIKES_PAGE, formId: TEST_RIDE_FORM });
      return { body, signature: h.sign(body) };
    });

    const statuses = new Map<number, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < deliveries.length) {
          const delivery = deliveries[next++];
          const response = await h.postWebhook(delivery.body, delivery.signature);
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `facebook webhooks (${testDatabaseKind()}): ${TOTAL} signed deliveries, ${CONCURRENCY} concurrent, in ${seconds.toFixed(2)} s = ${Math.round(TOTAL / seconds)} leads/s`,
    );

    assert.deepEqual([...statuses], [[200, TOTAL]]);
    await h.importInbox();
    const contacts = await h.allContacts(admin);
    assert.equal(contacts.length, TOTAL);
    assert.equal(new Set(contacts.map((c) => c.externalId)).size, TOTAL);
    assert.ok(contacts.every((c) => c.attributes.bike === 'Gravel Pro' && c.name?.startsWith('Rider ')));
    const [form] = (await h.json<FormConnection[]>(admin, 'GET', `/api/v1/integrations/${KEY}/form-connections`)).body;
    assert.equal(form.leadsImported, TOTAL);
  });
});
