import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConnectionsService } from '../src/integrations/connections/connections.service';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';
import { BIKES_PAGE, COFFEE_PAGE, FieldData, KEY, LeadAdsHarness, SUBSCRIPTION_FORM, person } from './support/lead-ads-harness';

interface EventItem {
  type: string;
  data: Record<string, unknown>;
}

const mapping = { full_name: 'name', email: 'email', phone_number: 'phone' };
const testToolLead: FieldData = [
  { name: 'full_name', values: ['<test lead: dummy data for full_name>'] },
  { name: 'email', values: ['test@fb.com'] },
  { name: 'phone_number', values: ['<test lead: dummy data for phone_number>'] },
];

describe(`Facebook Lead Ads, App Review requirements (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let cursor = '0';

  const settings = (body: Record<string, unknown>) => h.control('facebook/settings', body);
  const saveForm = () =>
    h.json<unknown>(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${SUBSCRIPTION_FORM}`, {
      pageId: COFFEE_PAGE,
      mapping,
    });
  const removeForm = () => h.json<unknown>(admin, 'DELETE', `/api/v1/integrations/${KEY}/form-connections/${SUBSCRIPTION_FORM}`);
  const newEvents = async (type: string): Promise<EventItem[]> => {
    const page = await h.json<{ data: EventItem[]; lastEventId: string }>(admin, 'GET', `/api/v1/events?after=${cursor}`);
    cursor = page.body.lastEventId;
    return page.body.data.filter((event) => event.type === type);
  };

  before(async () => {
    stack = await startTestStack();
    h = new LeadAdsHarness(stack);
    admin = await signedInAdmin(stack.app);
  });
  beforeEach(() => fetch(`${stack.sandbox.url}/control/reset`, { method: 'POST' }));
  after(() => stack.close());

  it('works end to end with "Require App Secret" on: every Graph call carries a valid appsecret_proof', async () => {
    await settings({ requireAppSecretProof: true });
    await admin.connect(KEY);
    const userToken = await stack.app.app.get(ConnectionsService).accessToken(admin.user.accountId, KEY);
    for (const [query, message] of [
      ['', /require an appsecret_proof/],
      ['?appsecret_proof=0000', /Invalid appsecret_proof/],
    ] as const) {
      const bare = await fetch(`${h.graph}/me${query}`, { headers: { Authorization: `Bearer ${userToken}` } });
      assert.equal(bare.status, 400, 'the sandbox refuses a call without a valid proof, as Meta does');
      const error = ((await bare.json()) as { error: { code: number; error_subcode?: number; message: string } }).error;
      assert.equal(error.code, 100);
      assert.equal(error.error_subcode, undefined);
      assert.match(error.message, message);
    }
    assert.equal((await h.json(admin, 'GET', `/api/v1/integrations/${KEY}/pages`)).status, 200);
    assert.equal((await h.json(admin, 'GET', `/api/v1/integrations/${KEY}/pages/${COFFEE_PAGE}/forms`)).status, 200);
    assert.equal((await h.json(admin, 'GET', `/api/v1/integrations/${KEY}/permissions`)).status, 200);
    assert.equal((await saveForm()).status, 200);
    const lead = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Ada Lovelace', 1));
    assert.equal(lead.webhookStatus, 200);
    assert.equal((await h.allContacts(admin)).length, 1, 'the lead was read with a proof');
    assert.equal((await h.backfillAll()).failed, 0);
    assert.equal((await removeForm()).status, 204);
    assert.deepEqual(await h.subscribedFields(admin.user.accountId, COFFEE_PAGE), [], 'the unsubscribe went through');

    const refused = (await (await fetch(`${stack.sandbox.url}/control/log`)).json()) as { type: string }[];
    assert.ok(!refused.some((entry) => entry.type === 'token_rejected'));
  });

  it('reads the granted permissions and names the declined ones', async () => {
    const all = await h.json<{ granted: string[]; declined: string[] }>(admin, 'GET', `/api/v1/integrations/${KEY}/permissions`);
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.declined, []);
    assert.ok(all.body.granted.includes('leads_retrieval'));

    await settings({ declinedPermissions: ['pages_manage_metadata', 'leads_retrieval'] });
    const some = await h.json<{ granted: string[]; declined: string[] }>(admin, 'GET', `/api/v1/integrations/${KEY}/permissions`);
    assert.deepEqual(some.body.declined, ['leads_retrieval', 'pages_manage_metadata']);
    assert.ok(!some.body.granted.includes('leads_retrieval'));
  });

  it('explains the Pages whose leads the user cannot manage, from the Page tasks', async () => {
    await settings({ pageTasks: { [BIKES_PAGE]: ['ANALYZE', 'ADVERTISE'] } });
    const pages = await h.json<{ id: string; tasks: string[]; leadAccessProblem: string | null }[]>(
      admin,
      'GET',
      `/api/v1/integrations/${KEY}/pages`,
    );
    const byId = new Map(pages.body.map((page) => [page.id, page]));
    assert.equal(byId.get(COFFEE_PAGE)?.leadAccessProblem, null);
    assert.deepEqual(byId.get(BIKES_PAGE)?.tasks, ['ANALYZE', 'ADVERTISE']);
    assert.match(byId.get(BIKES_PAGE)?.leadAccessProblem ?? '', /lacks “Moderate” \(to subscribe it to new leads\)/);
  });

  it('adds and removes only leadgen in the page subscription, keeping the app’s other fields', async () => {
    await h.setSubscribedFields(admin.user.accountId, COFFEE_PAGE, ['feed', 'messages']);
    assert.equal((await saveForm()).status, 200);
    assert.deepEqual(await h.subscribedFields(admin.user.accountId, COFFEE_PAGE), ['feed', 'messages', 'leadgen']);
    assert.equal((await removeForm()).status, 204);
    assert.deepEqual(await h.subscribedFields(admin.user.accountId, COFFEE_PAGE), ['feed', 'messages'], 'not deleted whole');
  });

  it('stores test leads flagged, without telling services; real leads carry platform and attribution', async () => {
    assert.equal((await saveForm()).status, 200);
    await newEvents('lead.received');
    const before = (await h.allContacts(admin)).length;
    const test = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, testToolLead);
    assert.equal(test.webhookStatus, 200);
    assert.equal((await h.allContacts(admin)).length, before + 1, 'the test lead is stored');
    assert.deepEqual(await newEvents('lead.received'), [], 'no lead.received for a test lead');

    const real = await h.control<{ leadId: string; webhookStatus: number }>('facebook/leads', {
      pageId: COFFEE_PAGE,
      formId: SUBSCRIPTION_FORM,
      fieldData: person('Katherine Johnson', 3),
      platform: 'ig',
      fromAd: true,
    });
    assert.equal(real.webhookStatus, 200);
    await h.importInbox();
    const [received] = await newEvents('lead.received');
    assert.equal(received?.data.leadgenId, real.leadId);
    assert.equal(received?.data.platform, 'ig');
    assert.equal(received?.data.adId, '6000001');
    assert.equal(received?.data.isTest, false);
  });

  it('disconnects one account without revoking the Facebook grant another account still uses', async () => {
    const other = await signedInAdmin(stack.app);
    await other.connect(KEY);
    const revocations = async () =>
      ((await (await fetch(`${stack.sandbox.url}/control/log`)).json()) as { type: string }[]).filter(
        (entry) => entry.type === 'revocation',
      ).length;

    assert.equal((await admin.api('DELETE', `/api/v1/integrations/${KEY}/connection`)).status, 204);
    assert.equal(await revocations(), 0, 'the shared grant is kept');
    assert.equal((await h.json(other, 'GET', `/api/v1/integrations/${KEY}/pages`)).status, 200, 'the other account still works');

    assert.equal((await other.api('DELETE', `/api/v1/integrations/${KEY}/connection`)).status, 204);
    assert.equal(await revocations(), 1, 'the last account to disconnect revokes');
  });
});
