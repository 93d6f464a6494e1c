import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { LeadBackfillService } from '../src/facebook-lead-ads/lead-backfill.service';
import { Role } from '../src/roles/role.enum';
import { SignedInDriver, signedIn, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

import {
  KEY,
  COFFEE_PAGE,
  SUBSCRIPTION_FORM,
  BIKES_PAGE,
  ContactPage,
  LeadForm,
  FormConnection,
  ErrorBody,
  FacebookPage,
  person,
  LeadAdsHarness,
} from './support/lead-ads-harness';

describe(`Facebook Lead Ads against the sandbox (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let dataSource: DataSource;
  const delivered: string[] = [];
  const mapping = { full_name: 'name', email: 'email', phone_number: 'phone', preferred_contact_time: 'custom:Call time' };

  const formConnections = async () =>
    (await h.json<FormConnection[]>(admin, 'GET', `/api/v1/integrations/${KEY}/form-connections`)).body;
  const count = async (sql: string) => Number((await dataSource.query(sql))[0].n);

  before(async () => {
    stack = await startTestStack();
    h = new LeadAdsHarness(stack);
    dataSource = stack.app.app.get(DataSource);
    admin = await signedInAdmin(stack.app);
  });
  after(() => stack.close());

  it('answers not_connected until Facebook is connected', async () => {
    for (const path of ['pages', `pages/${COFFEE_PAGE}/forms`, 'form-connections']) {
      const response = await h.json<ErrorBody>(admin, 'GET', `/api/v1/integrations/${KEY}/${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(response.body.error, 'not_connected');
    }
  });

  it('lists the pages and their forms with suggested mappings, keeping page tokens encrypted', async () => {
    await admin.connect(KEY);
    const pages = await h.json<FacebookPage[]>(admin, 'GET', `/api/v1/integrations/${KEY}/pages`);
    assert.equal(pages.status, 200);
    const fullControl = {
      tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
      leadAccessProblem: null,
    };
    assert.deepEqual(pages.body, [
      { id: COFFEE_PAGE, name: 'Aurora Coffee Roasters', category: 'Coffee Shop', ...fullControl },
      { id: BIKES_PAGE, name: 'Aurora Bikes', category: 'Bicycle Shop', ...fullControl },
    ]);
    const stored = JSON.stringify(await dataSource.query('SELECT * FROM facebook_pages'));
    assert.equal(await count('SELECT COUNT(*) AS n FROM facebook_pages'), 2);
    assert.doesNotMatch(stored, /sbx_pt_/, 'page tokens are encrypted at rest');

    const forms = await h.json<LeadForm[]>(admin, 'GET', `/api/v1/integrations/${KEY}/pages/${COFFEE_PAGE}/forms`);
    assert.equal(forms.status, 200);
    assert.doesNotMatch(JSON.stringify(forms.body) + JSON.stringify(pages.body), /sbx_|access_token/);
    assert.deepEqual(
      forms.body.map((f) => f.name),
      ['Coffee subscription enquiry', 'Wholesale partner request'],
    );
    const subscription = forms.body.find((f) => f.id === SUBSCRIPTION_FORM);
    assert.deepEqual(
      subscription?.questions.map((q) => q.key),
      ['full_name', 'email', 'phone_number', 'preferred_contact_time'],
    );
    assert.equal(subscription?.questions[3].label, 'When should we call you?');
    assert.deepEqual(subscription?.suggestedMapping, {
      full_name: 'name',
      email: 'email',
      phone_number: 'phone',
      preferred_contact_time: 'custom:preferred_contact_time',
    });

    const unknown = await h.json<ErrorBody>(admin, 'GET', `/api/v1/integrations/${KEY}/pages/1999999/forms`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error, 'page_not_found');
  });

  it('saves a form connection and subscribes the page to leadgen webhooks', async () => {
    assert.deepEqual(await h.subscribedFields(admin.user.accountId, COFFEE_PAGE), []);
    const saved = await h.json<FormConnection>(
      admin,
      'PUT',
      `/api/v1/integrations/${KEY}/form-connections/${SUBSCRIPTION_FORM}`,
      { pageId: COFFEE_PAGE, mapping },
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const expected: FormConnection = {
      formId: SUBSCRIPTION_FORM,
      formName: 'Coffee subscription enquiry',
      pageId: COFFEE_PAGE,
      pageName: 'Aurora Coffee Roasters',
      mapping,
      leadsImported: 0,
      lastLeadAt: null,
      state: 'active',
      stateReason: null,
      leadsWaiting: 0,
    };
    assert.deepEqual(saved.body, expected);
    assert.deepEqual(await h.subscribedFields(admin.user.accountId, COFFEE_PAGE), ['leadgen']);
    assert.deepEqual(await formConnections(), [expected]);
  });

  it('turns three webhook-delivered leads into three contacts with mapped fields', async () => {
    const people = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'];
    for (const [n, name] of people.entries()) {
      const lead = await h.createLead(
        COFFEE_PAGE,
        SUBSCRIPTION_FORM,
        person(name, n, [{ name: 'preferred_contact_time', values: ['Morning'] }]),
      );
      assert.equal(lead.webhookStatus, 200);
      delivered.push(lead.leadId);
    }
    const contacts = await h.allContacts(admin);
    assert.equal(contacts.length, 3);
    const unset = { id: undefined, createdAt: undefined, lastLeadAt: undefined };
    assert.deepEqual(
      { ...contacts.find((c) => c.externalId === delivered[0]), ...unset },
      {
        ...unset,
        source: KEY,
        sourceLabel: 'Facebook Lead Ads · Coffee subscription enquiry',
        externalId: delivered[0],
        name: 'Ada Lovelace',
        firstName: null,
        lastName: null,
        email: 'ada.lovelace@example.test',
        phone: '+15550200000',
        attributes: { 'Call time': 'Morning' },
        leadCount: 1,
        isTest: false,
      },
    );
    assert.deepEqual(contacts.map((c) => c.name).sort(), [...people].sort());
    const [form] = await formConnections();
    assert.equal(form.leadsImported, 3);
    assert.ok(form.lastLeadAt && Date.now() - Date.parse(form.lastLeadAt) < 60_000);
  });

  it('stores a webhook delivered again, even concurrently, only once', async () => {
    assert.equal((await h.redeliver(delivered[0])).webhookStatus, 200);
    const again = await Promise.all(Array.from({ length: 10 }, () => h.redeliver(delivered[1])));
    assert.ok(again.every((r) => r.webhookStatus === 200));
    assert.equal((await h.allContacts(admin)).length, 3);
    assert.equal((await formConnections())[0].leadsImported, 3);
  });

  it('rejects a bad or missing signature with 401 and stores nothing', async () => {
    const lead = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Katherine Johnson', 3), false);
    assert.equal(lead.webhookStatus, null);
    const body = h.leadgenBody({ leadId: lead.leadId, pageId: COFFEE_PAGE, formId: SUBSCRIPTION_FORM });
    const attempts: [string, string | undefined][] = [
      ['missing', undefined],
      ['empty', ''],
      ['signed with another secret', h.sign(body, 'not-the-app-secret')],
      ['signed for another body', h.sign(body.replace(lead.leadId, delivered[0]))],
      ['sha1 style', `sha1=${createHmac('sha1', h.appSecret).update(body).digest('hex')}`],
    ];
    for (const [label, signature] of attempts) {
      const response = await h.postWebhook(body, signature);
      assert.equal(response.status, 401, label);
      assert.equal(((await response.json()) as ErrorBody).error, 'invalid_signature', label);
    }
    // Re-serialising the body changes the bytes: the signature covers the raw body, not its meaning.
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    assert.equal((await h.postWebhook(reformatted, h.sign(body))).status, 401);
    assert.equal((await h.allContacts(admin)).length, 3);
    delivered.push(lead.leadId);
  });

  it('imports with the backfill the leads whose webhook never arrived, once, one instance at a time', async () => {
    const missed = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Margaret Hamilton', 5), false);
    delivered.push(missed.leadId);
    assert.equal((await h.allContacts(admin)).length, 3);

    const backfill = stack.app.app.get(LeadBackfillService);
    const [formRow] = (await dataSource.query('SELECT id FROM facebook_form_connections')) as { id: string }[];
    const [first, second] = await Promise.all([backfill.backfillForm(formRow.id), backfill.backfillForm(formRow.id)]);
    assert.equal([first, second].filter((r) => r.skipped).length, 1, 'the lease lets one pass run');
    assert.equal(first.imported + second.imported, 2, 'the refused-signature lead and the missed one');

    const contacts = await h.allContacts(admin);
    assert.equal(contacts.length, 5);
    assert.equal(contacts.find((c) => c.externalId === missed.leadId)?.name, 'Margaret Hamilton');
    assert.deepEqual(await h.backfillAll(), { forms: 0, imported: 0, failed: 0 }, 'the form was just polled: not due yet');
    assert.deepEqual(await backfill.backfillForm(formRow.id), { formId: SUBSCRIPTION_FORM, imported: 0, skipped: false });
    assert.equal((await formConnections())[0].leadsImported, 5);
  });

  it('pages contacts newest first with an opaque cursor', async () => {
    const first = await h.json<ContactPage>(admin, 'GET', '/api/v1/contacts?limit=2');
    assert.equal(first.body.data.length, 2);
    assert.ok(first.body.nextCursor);
    const rest = await h.json<ContactPage>(
      admin,
      'GET',
      `/api/v1/contacts?limit=100&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    assert.equal(rest.body.data.length, 3);
    assert.equal(rest.body.nextCursor, null);
    const all = [...first.body.data, ...rest.body.data];
    assert.equal(new Set(all.map((c) => c.id)).size, 5);
    const times = all.map((c) => Date.parse(c.createdAt));
    const newestFirst = [...times].sort((a, b) => b - a);
    assert.deepEqual(times, newestFirst);
    assert.equal((await h.json<ContactPage>(admin, 'GET', '/api/v1/contacts?source=hubspot')).body.data.length, 0);
  });

  it("keeps one account's forms and contacts away from another", async () => {
    const agent = await signedIn(stack.app, { role: Role.Agent, sameAccountAs: admin });
    assert.equal((await h.allContacts(agent)).length, 5, 'agents read contacts');
    assert.equal((await h.json(agent, 'GET', `/api/v1/integrations/${KEY}/form-connections`)).status, 403);

    const stranger = await signedInAdmin(stack.app);
    assert.equal((await h.allContacts(stranger)).length, 0);
    const theirs = await h.json<ErrorBody>(
      stranger,
      'DELETE',
      `/api/v1/integrations/${KEY}/form-connections/${SUBSCRIPTION_FORM}`,
    );
    assert.equal(theirs.status, 404);
    assert.equal((await formConnections()).length, 1);
  });

  it('marks the connection reauth_required on a signed deauthorize callback, and recovers on reconnect', async () => {
    const deauthorize = (signedRequest: string) =>
      fetch(`${stack.appUrl}/api/v1/webhooks/facebook/deauthorize`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ signed_request: signedRequest }).toString(),
      });
    const detail = await h.json<{ connection: { externalAccount: { id: string } } }>(admin, 'GET', `/api/v1/integrations/${KEY}`);
    const signedPayload = (issuedAt: number) =>
      Buffer.from(
        JSON.stringify({ algorithm: 'HMAC-SHA256', user_id: detail.body.connection.externalAccount.id, issued_at: issuedAt }),
      ).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = signedPayload(now);
    const signature = (secret: string, signed = payload) => createHmac('sha256', secret).update(signed).digest('base64url');

    assert.equal((await deauthorize(`${signature('wrong-secret')}.${payload}`)).status, 401);
    const replayed = signedPayload(now - 600);
    assert.equal((await deauthorize(`${signature(h.appSecret, replayed)}.${replayed}`)).status, 401, 'a replay');
    assert.equal((await h.json<{ status: string }>(admin, 'GET', `/api/v1/integrations/${KEY}`)).body.status, 'connected');

    assert.equal((await deauthorize(`${signature(h.appSecret)}.${payload}`)).status, 200);
    assert.equal((await h.json<{ status: string }>(admin, 'GET', `/api/v1/integrations/${KEY}`)).body.status, 'reauth_required');
    const pages = await h.json<ErrorBody>(admin, 'GET', `/api/v1/integrations/${KEY}/pages`);
    assert.equal(pages.status, 409);
    assert.equal(pages.body.error, 'reauth_required');
    const ignored = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Radia Perlman', 6));
    assert.equal(ignored.webhookStatus, 200);
    assert.equal((await h.allContacts(admin)).length, 5, 'nothing is imported while reauthorization is needed');

    await admin.connect(KEY);
    assert.equal((await h.json<{ status: string }>(admin, 'GET', `/api/v1/integrations/${KEY}`)).body.status, 'connected');
    const after = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Barbara Liskov', 7));
    assert.equal(after.webhookStatus, 200);
    assert.equal(
      (await h.backfillAll()).imported,
      1,
      'the backfill catches the lead that arrived while reauthorization was needed',
    );
    assert.equal((await h.allContacts(admin)).length, 7);
  });

  it('keeps the contacts on disconnect and ignores later webhooks for the page', async () => {
    assert.equal((await admin.api('DELETE', `/api/v1/integrations/${KEY}/connection`)).status, 204);
    assert.equal((await h.allContacts(admin)).length, 7);
    assert.equal(await count('SELECT COUNT(*) AS n FROM facebook_pages'), 0, 'page tokens go with the connection');
    assert.equal(await count('SELECT COUNT(*) AS n FROM facebook_form_connections'), 0);

    const later = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Frances Allen', 8));
    assert.equal(later.webhookStatus, 200, 'acknowledged, so Facebook stops retrying');
    assert.equal((await h.redeliver(delivered[0])).webhookStatus, 200);
    assert.deepEqual(await h.backfillAll(), { forms: 0, imported: 0, failed: 0 });
    assert.equal((await h.allContacts(admin)).length, 7);
    assert.equal(await count(`SELECT COUNT(*) AS n FROM contacts WHERE external_id = '${later.leadId}'`), 0);
    const list = await h.json<ErrorBody>(admin, 'GET', `/api/v1/integrations/${KEY}/form-connections`);
    assert.equal(list.status, 404);
    assert.equal(list.body.error, 'not_connected');
  });
});
