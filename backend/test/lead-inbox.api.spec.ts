import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { LeadInboxService } from '../src/facebook-lead-ads/inbox/lead-inbox.service';
import { AppProcess, startAppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { BIKES_PAGE, KEY, LeadAdsHarness, TEST_RIDE_FORM, dbNow, person } from './support/lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

const TOTAL = 1000;
/** An ad id of Meta's real length (the sandbox's new lead ids are 16 digits too). */
const AD_ID = '120210987654321098';

/** Meta's largest notification: one entry per change, each with its ad and creation time. */
function batchBody(leadIds: string[], pageId = BIKES_PAGE, formId = TEST_RIDE_FORM): string {
  const time = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    object: 'page',
    entry: leadIds.map((leadgenId) => ({
      id: pageId,
      time,
      changes: [
        {
          field: 'leadgen',
          value: {
            ad_id: AD_ID,
            adgroup_id: AD_ID,
            form_id: formId,
            leadgen_id: leadgenId,
            created_time: time,
            page_id: pageId,
          },
        },
      ],
    })),
  });
}

describe(`Lead Ads inbox: durable intake, asynchronous import (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let dataSource: DataSource;
  const count = async (sql: string) => Number((await dataSource.query(sql))[0].n);

  before(async () => {
    // The in-process instance only imports what it is told to: the instance under test does the work.
    stack = await startTestStack({ env: { FACEBOOK_INBOX_POLL_MS: '60000', FACEBOOK_INBOX_LEASE_SECONDS: '3' } });
    h = new LeadAdsHarness(stack);
    dataSource = stack.app.app.get(DataSource);
    admin = await signedInAdmin(stack.app);
    await admin.connect(KEY);
    const saved = await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${TEST_RIDE_FORM}`, {
      pageId: BIKES_PAGE,
      mapping: { full_name: 'name', email: 'email', phone_number: 'phone' },
    });
    assert.equal(saved.status, 200);
  });
  after(() => stack.close());

  async function newLeads(n: number, prefix: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, (_, k) =>
          h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person(`${prefix} ${i + k}`, i + k), false),
        ),
      );
      ids.push(...batch.map((lead) => lead.leadId));
    }
    return ids;
  }

  it('acknowledges a 1,000-change batch (over 256 KiB) from the inbox alone, and a redelivery adds nothing', async () => {
    const ids = await newLeads(TOTAL, 'Batch');
    assert.ok(ids.every((id) => id.length === 16));
    const body = batchBody(ids);
    const durations: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const response = await h.postWebhook(body, h.sign(body));
      durations.push(performance.now() - started);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { leads: TOTAL, accepted: TOTAL, ignored: 0 });
    }
    console.log(
      `lead inbox (${testDatabaseKind()}): 1,000-change batch acknowledged in ${durations.map((d) => d.toFixed(0)).join(', ')} ms`,
    );
    assert.equal(await count(`SELECT COUNT(*) AS n FROM lead_inbox`), TOTAL);
    await h.importInbox();
    assert.equal(await count(`SELECT COUNT(*) AS n FROM lead_inbox WHERE status = 'imported'`), TOTAL);
    assert.equal((await h.allContacts(admin)).filter((c) => c.name?.startsWith('Batch ')).length, TOTAL);
  });

  it('accepts Meta’s largest body (1,000 changes with 15–16 digit ids, over 256 KiB), refuses over 2 MB, keeps 256 KiB elsewhere', async () => {
    const metaSized = batchBody(
      Array.from({ length: TOTAL }, (_, i) => String(1_800_000_000_000_000 + i)),
      '104857600000001',
      '9876543210000001',
    );
    assert.ok(Buffer.byteLength(metaSized) > 256 * 1024, `${Buffer.byteLength(metaSized)} bytes`);
    const accepted = await h.postWebhook(metaSized, h.sign(metaSized));
    assert.equal(accepted.status, 200);
    assert.deepEqual(await accepted.json(), { leads: TOTAL, accepted: 0, ignored: TOTAL });

    const huge = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal((await h.postWebhook(huge, h.sign(huge))).status, 413);
    const big = JSON.stringify({ name: 'x'.repeat(300 * 1024) });
    const elsewhere = await fetch(`${stack.appUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: stack.appUrl },
      body: big,
    });
    assert.equal(elsewhere.status, 413);
  });

  it('loses nothing when the instance is killed (SIGKILL) right after the 200: a restart imports all 1,000 exactly once', async () => {
    const before = await count(`SELECT COUNT(*) AS n FROM contacts`);
    const ids = await newLeads(TOTAL, 'Crash');
    const env = {
      ...stack.env,
      DATA_DIR: process.env.DATA_DIR as string,
      DATABASE_URL: stack.app.databaseUrl,
      TOKEN_ENCRYPTION_KEYS: process.env.TOKEN_ENCRYPTION_KEYS as string,
      NODE_ENV: 'test',
      FACEBOOK_INBOX_POLL_MS: '100',
      FACEBOOK_BACKFILL_INTERVAL_SECONDS: '0',
    };
    let instance: AppProcess = await startAppProcess({ ...env, PORT: String(await freePort()) });
    const body = batchBody(ids);
    const response = await fetch(`${instance.url}/api/v1/webhooks/facebook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': h.sign(body) },
      body,
    });
    assert.equal(response.status, 200);
    await instance.stop('SIGKILL');
    const importedBeforeCrash = (await count(`SELECT COUNT(*) AS n FROM contacts`)) - before;
    assert.ok(importedBeforeCrash < TOTAL, 'the crash came before the import finished');
    const waiting = await stack.app.app.get(LeadInboxService).pendingStats();
    assert.equal(waiting.depth, TOTAL - importedBeforeCrash);
    assert.ok(waiting.oldestAgeSeconds > 0);

    instance = await startAppProcess({ ...env, PORT: String(await freePort()) });
    try {
      // As in LeadAdsHarness.importInbox: a transient Graph failure on a loaded machine retries now, not after its backoff.
      const transient = `status = 'pending' AND last_error = 'Facebook is unavailable. Please try again in a moment.'`;
      const deadline = Date.now() + 300_000;
      while (Date.now() < deadline && (await count(`SELECT COUNT(*) AS n FROM lead_inbox WHERE status = 'pending'`)) > 0) {
        await dataSource.query(`UPDATE lead_inbox SET next_attempt_at = ? WHERE lease_until IS NULL AND ${transient}`, [dbNow()]);
        await sleep(250);
      }
    } finally {
      await instance.close();
    }
    console.log(
      `lead inbox (${testDatabaseKind()}): ${importedBeforeCrash} of ${TOTAL} imported before SIGKILL, the rest after the restart`,
    );
    const crashContacts = (await h.allContacts(admin)).filter((c) => c.name?.startsWith('Crash '));
    assert.equal(crashContacts.length, TOTAL);
    assert.equal(new Set(crashContacts.map((c) => c.externalId)).size, TOTAL);
    // A row whose lease ran out mid-import may be tried twice; only one attempt creates the contact.
    const created = `SELECT COUNT(*) AS n FROM events WHERE type = 'lead.received' AND data LIKE '%"created":true%'`;
    assert.equal(await count(created), 2 * TOTAL);
    const [form] = (await h.json<{ leadsImported: number }[]>(admin, 'GET', `/api/v1/integrations/${KEY}/form-connections`)).body;
    assert.equal(form.leadsImported, 2 * TOTAL);
  });
});
