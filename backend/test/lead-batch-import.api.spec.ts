import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { ContactsService } from '../src/contacts/contacts.service';
import { FacebookFormConnection } from '../src/facebook-lead-ads/entities/facebook-form-connection.entity';
import { LeadImportService } from '../src/facebook-lead-ads/lead-import.service';
import { BIKES_PAGE, FormConnection, KEY, LeadAdsHarness, TEST_RIDE_FORM, person } from './support/lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

/** The Bikes page's second form. */
const SERVICE_FORM = '2000004';
const MAPPING = { full_name: 'name', email: 'email', phone_number: 'phone' };

/** Leads read 50 per Graph batch and written a chunk per transaction: each still counts once, whatever fails. */
describe(`Lead Ads batch import (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let dataSource: DataSource;
  let created = 0;
  const count = async (sql: string, ...params: unknown[]) => Number((await dataSource.query(sql, params))[0].n);
  const save = (formId: string) =>
    h.json<FormConnection>(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${formId}`, {
      pageId: BIKES_PAGE,
      mapping: MAPPING,
    });
  const formState = async (formId: string) =>
    (await h.json<FormConnection[]>(admin, 'GET', `/api/v1/integrations/${KEY}/form-connections`)).body.find(
      (f) => f.formId === formId,
    )!;

  async function newLeads(formId: string, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, n - i) }, () => {
          created += 1;
          return h.createLead(BIKES_PAGE, formId, person(`Batch ${created}`, created), false);
        }),
      );
      ids.push(...batch.map((lead) => lead.leadId));
    }
    return ids;
  }

  /** One notification with every lead, as Meta batches changes; then the workers run until nothing is due. */
  async function deliver(leads: { formId: string; ids: string[] }[]): Promise<void> {
    const time = Math.floor(Date.now() / 1000);
    const changes = leads.flatMap(({ formId, ids }) =>
      ids.map((leadgenId) => ({ field: 'leadgen', value: { leadgen_id: leadgenId, form_id: formId, page_id: BIKES_PAGE } })),
    );
    const body = JSON.stringify({ object: 'page', entry: [{ id: BIKES_PAGE, time, changes }] });
    assert.equal((await h.postWebhook(body, h.sign(body))).status, 200);
    await h.importInbox();
  }

  /** Nothing lost, nothing twice: one contact per imported row, and the forms' counters agree. */
  async function assertExactlyOnce(delivered: number): Promise<void> {
    const imported = await count(`SELECT COUNT(*) AS n FROM lead_inbox WHERE status = 'imported'`);
    const pending = await count(`SELECT COUNT(*) AS n FROM lead_inbox WHERE status = 'pending'`);
    assert.equal(imported + pending, delivered, 'every delivered lead is imported or waiting');
    assert.equal(await count(`SELECT COUNT(*) AS n FROM lead_records WHERE source = ?`, KEY), imported);
    assert.equal(await count(`SELECT COUNT(DISTINCT external_id) AS n FROM lead_records WHERE source = ?`, KEY), imported);
    assert.equal(await count(`SELECT COALESCE(SUM(leads_imported), 0) AS n FROM facebook_form_connections`), imported);
  }

  before(async () => {
    stack = await startTestStack({ env: { FACEBOOK_INBOX_POLL_MS: '60000' } });
    h = new LeadAdsHarness(stack);
    dataSource = stack.app.app.get(DataSource);
    admin = await signedInAdmin(stack.app);
    await admin.connect(KEY);
    assert.equal((await save(TEST_RIDE_FORM)).status, 200);
    assert.equal((await save(SERVICE_FORM)).status, 200);
  });
  after(() => stack.close());

  it('imports every lead exactly once when the chunk’s write fails midway or a concurrent import got there first', async () => {
    const contacts = stack.app.app.get(ContactsService);
    const imports = stack.app.app.get(LeadImportService);
    const form = await dataSource.getRepository(FacebookFormConnection).findOneByOrFail({ formId: TEST_RIDE_FORM });
    const upsert = contacts.upsertFromSource.bind(contacts);
    const known = contacts.existingExternalIds.bind(contacts);
    const ids = await newLeads(TEST_RIDE_FORM, 30);
    // Two leads are imported by another delivery after the chunk checked what exists, before it writes.
    contacts.existingExternalIds = async (accountId, source, externalIds) => {
      const found = await known(accountId, source, externalIds);
      for (const id of ids.slice(10, 12)) assert.equal(await imports.importLead(form, id), 'imported');
      return found;
    };
    // …and the chunk's transaction dies on its 20th lead (a lost connection, a deadlock given up on).
    let calls = 0;
    contacts.upsertFromSource = async (input, manager) => {
      if (++calls === 22) throw new Error('connection lost mid-chunk');
      return upsert(input, manager);
    };
    try {
      await deliver([{ formId: TEST_RIDE_FORM, ids }]);
    } finally {
      contacts.upsertFromSource = upsert;
      contacts.existingExternalIds = known;
    }
    assert.ok(calls > 32, 'the chunk was written once together, then lead by lead');
    assert.equal(await count(`SELECT COUNT(*) AS n FROM lead_inbox WHERE status = 'imported'`), 30);
    assert.equal((await formState(TEST_RIDE_FORM)).leadsImported, 30);
    await assertExactlyOnce(30);
  });

  it('imports the leads Facebook hands over while a blocked form’s and rate-limited ones wait, then those once', async () => {
    await h.control('facebook/leads-access', { formId: SERVICE_FORM, granted: false });
    const open = await newLeads(TEST_RIDE_FORM, 70);
    const refused = await newLeads(SERVICE_FORM, 6);
    await deliver([
      { formId: TEST_RIDE_FORM, ids: open },
      { formId: SERVICE_FORM, ids: refused },
    ]);
    assert.equal((await formState(TEST_RIDE_FORM)).leadsImported, 100);
    const blocked = await formState(SERVICE_FORM);
    assert.deepEqual([blocked.state, blocked.leadsWaiting, blocked.leadsImported], ['blocked', 6, 0]);
    await assertExactlyOnce(106);

    // Access granted and the form saved: its waiting leads are due again and imported, once.
    await h.control('facebook/leads-access', { formId: SERVICE_FORM, granted: true });
    assert.equal((await save(SERVICE_FORM)).status, 200);
    await h.importInbox();
    const unblocked = await formState(SERVICE_FORM);
    assert.deepEqual([unblocked.state, unblocked.leadsWaiting, unblocked.leadsImported], ['active', 0, 6]);
    await assertExactlyOnce(106);

    // Graph refuses 3 requests of the next batch: only those 3 wait (Graph's window), the other 37 are in.
    await h.control('facebook/rate-limit', { pageId: BIKES_PAGE, code: 32, calls: 3 });
    const throttled = await newLeads(TEST_RIDE_FORM, 40);
    await deliver([{ formId: TEST_RIDE_FORM, ids: throttled }]);
    const waiting: { last_error: string }[] = await dataSource.query(
      `SELECT last_error FROM lead_inbox WHERE status = 'pending'`,
    );
    assert.equal(waiting.length, 3);
    for (const row of waiting) assert.match(row.last_error, /^Facebook is limiting how often/);
    assert.equal((await formState(TEST_RIDE_FORM)).leadsImported, 137);
    await assertExactlyOnce(146);
  });
});
