import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { BIKES_PAGE, FormConnection, KEY, LeadAdsHarness, TEST_RIDE_FORM, person } from './support/lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

const MAPPING = { full_name: 'name', email: 'email', phone_number: 'phone' };

/** Leads Access Manager and rate limits as Meta applies them: nothing is acknowledged and dropped. */
describe(`Facebook Lead Ads: forms Facebook refuses to read (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let dataSource: DataSource;
  const count = async (sql: string, ...params: unknown[]) => Number((await dataSource.query(sql, params))[0].n);
  const form = async () =>
    (await h.json<FormConnection[]>(admin, 'GET', `/api/v1/integrations/${KEY}/form-connections`)).body.find(
      (f) => f.formId === TEST_RIDE_FORM,
    ) as FormConnection;
  const save = () =>
    h.json<FormConnection>(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${TEST_RIDE_FORM}`, {
      pageId: BIKES_PAGE,
      mapping: MAPPING,
    });

  before(async () => {
    // One worker, so "the page is paused" is observable lead by lead.
    stack = await startTestStack({ env: { FACEBOOK_INBOX_WORKERS: '1', FACEBOOK_INBOX_POLL_MS: '60000' } });
    h = new LeadAdsHarness(stack);
    dataSource = stack.app.app.get(DataSource);
    admin = await signedInAdmin(stack.app);
    await admin.connect(KEY);
    assert.equal((await save()).status, 200);
  });
  after(() => stack.close());

  it('blocks the form in plain words, audits it, keeps the lead waiting, and imports it once access is granted', async () => {
    await h.control('facebook/leads-access', { formId: TEST_RIDE_FORM, granted: false });
    const lead = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('Blocked Lead', 1));
    assert.equal(lead.webhookStatus, 200);

    const blocked = await form();
    assert.equal(blocked.state, 'blocked');
    assert.match(blocked.stateReason ?? '', /Leads Access Manager/);
    assert.match(blocked.stateReason ?? '', /assign Aurora Inbox as CRM/);
    assert.equal(blocked.leadsWaiting, 1);
    assert.equal((await h.allContacts(admin)).length, 0);
    const activity = (await h.json<{ type: string; detail: string }[]>(admin, 'GET', `/api/v1/integrations/${KEY}/activity`))
      .body;
    assert.ok(
      activity.some((entry) => entry.type === 'form_blocked'),
      'the block is in the activity log',
    );
    const health = await dataSource.query(`SELECT data FROM events WHERE type = 'connection.health_changed' ORDER BY id`);
    assert.equal(health.length, 1);
    assert.deepEqual(
      (({ integrationKey, state, previousState }) => ({ integrationKey, state, previousState }))(JSON.parse(health[0].data)),
      { integrationKey: KEY, state: 'degraded', previousState: 'healthy' },
    );
    // A redelivery neither duplicates the lead nor unblocks the form.
    await h.redeliver(lead.leadId);
    assert.equal(await count(`SELECT COUNT(*) AS n FROM lead_inbox WHERE leadgen_id = ?`, lead.leadId), 1);

    await h.control('facebook/leads-access', { formId: TEST_RIDE_FORM, granted: true });
    const saved = await save();
    assert.equal(saved.status, 200);
    await h.importInbox();
    const contacts = await h.allContacts(admin);
    assert.deepEqual(
      contacts.map((c) => [c.externalId, c.name]),
      [[lead.leadId, 'Blocked Lead']],
    );
    const active = await form();
    assert.equal(active.state, 'active');
    assert.equal(active.stateReason, null);
    assert.equal(active.leadsWaiting, 0);
    const after = (await h.json<{ type: string }[]>(admin, 'GET', `/api/v1/integrations/${KEY}/activity`)).body;
    assert.ok(
      after.some((entry) => entry.type === 'form_unblocked'),
      'the unblock is in the activity log',
    );
    assert.equal(await count(`SELECT COUNT(*) AS n FROM events WHERE type = 'connection.health_changed'`), 2);
  });

  it('pauses a rate-limited page instead of hammering Graph, keeping its leads for later', async () => {
    await h.control('facebook/rate-limit', { pageId: BIKES_PAGE, code: 32, calls: 1 });
    const first = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('Throttled One', 2), false);
    const second = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('Throttled Two', 3), false);
    const third = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('Throttled Three', 4), false);
    const notify = async (leads: { leadId: string }[]) => {
      const body = JSON.stringify({
        object: 'page',
        entry: [
          {
            id: BIKES_PAGE,
            time: Math.floor(Date.now() / 1000),
            changes: leads.map((lead) => ({
              field: 'leadgen',
              value: { leadgen_id: lead.leadId, form_id: TEST_RIDE_FORM, page_id: BIKES_PAGE },
            })),
          },
        ],
      });
      assert.equal((await h.postWebhook(body, h.sign(body))).status, 200);
      await h.importInbox();
    };
    // Both are read in one Graph batch; Graph refuses one request of it, and only that one.
    await notify([first, second]);
    const refused: { status: string; next_attempt_at: string | Date; last_error: string | null }[] = await dataSource.query(
      `SELECT status, next_attempt_at, last_error FROM lead_inbox WHERE leadgen_id IN (?, ?) AND status = 'pending'`,
      [first.leadId, second.leadId],
    );
    assert.equal(refused.length, 1, 'the lead Graph answered is imported, the refused one waits');
    assert.match(refused[0]!.last_error ?? '', /^Facebook is limiting how often/);
    const next = refused[0]!.next_attempt_at;
    const nextAt = new Date(next instanceof Date ? next : `${next.replace(' ', 'T')}Z`);
    assert.ok(nextAt.getTime() - Date.now() > 20_000, `retried no sooner than Graph's window allows: ${String(next)}`);
    // The page is paused now: the third lead is not even claimed (the sandbox would have answered it).
    await notify([third]);
    const held = await dataSource.query(`SELECT status, attempts FROM lead_inbox WHERE leadgen_id = ?`, [third.leadId]);
    assert.deepEqual(
      held.map((row: { status: string; attempts: number }) => [row.status, Number(row.attempts)]),
      [['pending', 0]],
    );
    assert.equal((await h.allContacts(admin)).filter((c) => c.name?.startsWith('Throttled')).length, 1);
    assert.equal((await form()).state, 'active', 'a rate limit is not a block');
  });
});
