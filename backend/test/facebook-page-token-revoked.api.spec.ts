import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import {
  BIKES_PAGE,
  COFFEE_PAGE,
  FormConnection,
  KEY,
  LeadAdsHarness,
  SUBSCRIPTION_FORM,
  TEST_RIDE_FORM,
  person,
} from './support/lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

const MAPPING = { full_name: 'name', email: 'email', phone_number: 'phone' };

interface Detail {
  status: string;
  health: { state: string; reason?: string | null } | null;
}

/**
 * Facebook stops accepting one Page's token (its admin removed the app, the session changed) while the
 * user token and the other Page's token keep working: only that Page's forms stop, and nothing is lost.
 */
describe(`Facebook Lead Ads: one page's token is rejected (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let dataSource: DataSource;
  const query = <T>(sql: string, ...params: unknown[]) => dataSource.query(sql, params) as Promise<T[]>;
  const form = async (formId: string) =>
    (await h.json<FormConnection[]>(admin, 'GET', `/api/v1/integrations/${KEY}/form-connections`)).body.find(
      (f) => f.formId === formId,
    ) as FormConnection;
  const contactsOf = async (leadId: string) =>
    (await h.allContacts(admin)).filter((contact) => contact.externalId === leadId).length;
  const detail = async () => (await h.json<Detail>(admin, 'GET', `/api/v1/integrations/${KEY}`)).body;
  const healthChanges = async () =>
    (await query<{ data: string }>(`SELECT data FROM events WHERE type = 'connection.health_changed' ORDER BY id`)).map(
      (row) => (JSON.parse(row.data) as { state: string }).state,
    );
  const waiting: string[] = [];

  before(async () => {
    stack = await startTestStack({ env: { FACEBOOK_BACKFILL_INTERVAL_SECONDS: '0' } });
    h = new LeadAdsHarness(stack);
    dataSource = stack.app.app.get(DataSource);
    admin = await signedInAdmin(stack.app);
    await admin.connect(KEY);
    for (const [pageId, formId] of [
      [COFFEE_PAGE, SUBSCRIPTION_FORM],
      [BIKES_PAGE, TEST_RIDE_FORM],
    ]) {
      const saved = await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${formId}`, {
        pageId,
        mapping: MAPPING,
      });
      assert.equal(saved.status, 200);
    }
    for (const [pageId, formId, n] of [
      [BIKES_PAGE, TEST_RIDE_FORM, 1],
      [COFFEE_PAGE, SUBSCRIPTION_FORM, 2],
    ] as const) {
      const lead = await h.createLead(pageId, formId, person(`Before Revocation ${n}`, n));
      assert.equal(await contactsOf(lead.leadId), 1, 'both pages import before');
    }
  });
  after(() => stack.close());

  it("keeps that page's leads waiting, blocks only its forms in plain words, and the other page carries on", async () => {
    const { revoked } = await h.control<{ revoked: number }>('facebook/revoke-page-token', { pageId: BIKES_PAGE });
    assert.equal(revoked, 1);

    for (const n of [3, 4]) {
      const lead = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person(`Waiting Rider ${n}`, n));
      assert.equal(lead.webhookStatus, 200, 'acknowledged: Facebook stops retrying, the inbox keeps it');
      waiting.push(lead.leadId);
    }
    const other = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Coffee Drinker', 5));
    assert.equal(await contactsOf(other.leadId), 1, 'the other page keeps importing');

    for (const leadId of waiting) assert.equal(await contactsOf(leadId), 0);
    const rows = await query<{ status: string; last_error: string }>(
      `SELECT status, last_error FROM lead_inbox WHERE leadgen_id IN (?, ?)`,
      ...waiting,
    );
    assert.deepEqual(
      rows.map((row) => row.status),
      ['pending', 'pending'],
      'not acknowledged and dropped',
    );
    const blocked = await form(TEST_RIDE_FORM);
    assert.equal(blocked.state, 'blocked');
    assert.match(blocked.stateReason ?? '', /no longer accepts Aurora Inbox’s access to this Page/);
    assert.match(blocked.stateReason ?? '', /open this panel again/);
    assert.equal(blocked.leadsWaiting, 2);
    assert.equal((await form(SUBSCRIPTION_FORM)).state, 'active');

    const activity = (await h.json<{ type: string; detail: string }[]>(admin, 'GET', `/api/v1/integrations/${KEY}/activity`))
      .body;
    assert.equal(activity.filter((entry) => entry.type === 'form_blocked').length, 1, 'blocked once, audited once');
    assert.match(activity.find((entry) => entry.type === 'form_blocked')?.detail ?? '', /Book a test ride/);
    assert.deepEqual(await healthChanges(), ['degraded']);
    const connection = await detail();
    assert.equal(connection.status, 'connected', 'the connection stays: other tokens keep working');
    assert.equal(connection.health?.state, 'degraded');

    // The backfill asks with the same dead token: the form stays blocked and nothing is imported.
    assert.deepEqual(await h.backfillAll(), { forms: 1, imported: 0, failed: 1 });
    assert.equal((await form(TEST_RIDE_FORM)).state, 'blocked');
  });

  it("imports the page's waiting leads exactly once when the admin opens the panel again (fresh page tokens)", async () => {
    // A connected Facebook cannot be reconnected; listing the Pages is what fetches their tokens anew.
    assert.equal((await h.json(admin, 'GET', `/api/v1/integrations/${KEY}/pages`)).status, 200);
    await h.importInbox();
    for (const leadId of waiting) assert.equal(await contactsOf(leadId), 1, `${leadId} imported once`);
    const rows = await query<{ status: string }>(`SELECT status FROM lead_inbox WHERE leadgen_id IN (?, ?)`, ...waiting);
    assert.deepEqual(
      rows.map((row) => row.status),
      ['imported', 'imported'],
    );
    const received = await query<{ data: string }>(`SELECT data FROM events WHERE type = 'lead.received'`);
    for (const leadId of waiting) {
      assert.equal(received.filter((row) => (JSON.parse(row.data) as { leadgenId: string }).leadgenId === leadId).length, 1);
    }
    const active = await form(TEST_RIDE_FORM);
    assert.equal(active.state, 'active');
    assert.equal(active.leadsWaiting, 0);
    assert.deepEqual(await healthChanges(), ['degraded', 'healthy']);
    // The form is due a backfill pass at once; it finds the same leads and imports none twice.
    assert.deepEqual(await h.backfillAll(), { forms: 1, imported: 0, failed: 0 });
    for (const leadId of waiting) assert.equal(await contactsOf(leadId), 1);

    const after = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('After Reconnect', 6));
    assert.equal(await contactsOf(after.leadId), 1, 'new leads of the page import again');
  });

  it('is also found by the backfill when no webhook came, and the next pass after the Pages are listed again unblocks the form', async () => {
    await h.control('facebook/revoke-page-token', { pageId: BIKES_PAGE });
    await query(`UPDATE facebook_form_connections SET backfill_due_at = NULL`);
    assert.deepEqual(
      await h.backfillAll(),
      { forms: 1, imported: 0, failed: 1 },
      'the Coffee form is read, the Bikes form refused',
    );
    const blocked = await form(TEST_RIDE_FORM);
    assert.equal(blocked.state, 'blocked');
    assert.match(blocked.stateReason ?? '', /no longer accepts Aurora Inbox’s access to this Page/);
    assert.equal((await form(SUBSCRIPTION_FORM)).state, 'active');
    assert.equal((await detail()).status, 'connected');

    const missed = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('Missed While Blocked', 7), false);
    assert.equal((await h.json(admin, 'GET', `/api/v1/integrations/${KEY}/pages`)).status, 200);
    assert.deepEqual(await h.backfillAll(), { forms: 1, imported: 1, failed: 0 }, 'only the blocked form was due');
    assert.equal((await form(TEST_RIDE_FORM)).state, 'active');
    assert.equal(await contactsOf(missed.leadId), 1);
    assert.deepEqual(await healthChanges(), ['degraded', 'healthy', 'degraded', 'healthy']);
  });
});
