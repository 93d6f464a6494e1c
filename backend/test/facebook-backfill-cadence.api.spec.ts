import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource, Repository } from 'typeorm';
import { FacebookFormConnection } from '../src/facebook-lead-ads/entities/facebook-form-connection.entity';
import {
  BIKES_PAGE,
  COFFEE_PAGE,
  KEY,
  LeadAdsHarness,
  SUBSCRIPTION_FORM,
  TEST_RIDE_FORM,
  person,
} from './support/lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

const WHOLESALE_FORM = '2000002';
const MINUTE = 60_000;
const MAPPING = { full_name: 'name', email: 'email' };

/**
 * The backfill's cadence against the sandbox: time passing is played by moving the stored due times
 * back, so every assertion is about which forms a tick polls, never about how long anything took.
 */
describe(`Facebook Lead Ads: adaptive backfill cadence (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let admin: SignedInDriver;
  let forms: Repository<FacebookFormConnection>;

  const row = (formId: string) => forms.findOneByOrFail({ formId });
  /** As if `minutes` had passed for the backfill: every due time moves that much closer. */
  const elapse = async (minutes: number) => {
    for (const form of await forms.find()) {
      if (form.backfillDueAt)
        await forms.update({ id: form.id }, { backfillDueAt: new Date(form.backfillDueAt.getTime() - minutes * MINUTE) });
    }
  };
  /** Due `minutes` after a pass that ran between `start` and `end` (ms). */
  const assertDueAfter = async (formId: string, minutes: number, start: number, end: number) => {
    const due = (await row(formId)).backfillDueAt?.getTime() ?? 0;
    assert.ok(due >= start + minutes * MINUTE && due <= end + minutes * MINUTE, `${formId} due ${minutes} min after its pass`);
  };
  const tick = async () => {
    const start = Date.now();
    const summary = await h.backfillAll();
    return { summary, start, end: Date.now() };
  };
  const fault = (mode: 'down' | 'ok') => h.control('faults', { providerKey: KEY, endpoint: 'api', mode });

  before(async () => {
    stack = await startTestStack({ env: { FACEBOOK_BACKFILL_INTERVAL_SECONDS: '0' } });
    h = new LeadAdsHarness(stack);
    forms = stack.app.app.get(DataSource).getRepository(FacebookFormConnection);
    admin = await signedInAdmin(stack.app);
    await admin.connect(KEY);
    for (const [pageId, formId] of [
      [COFFEE_PAGE, SUBSCRIPTION_FORM],
      [COFFEE_PAGE, WHOLESALE_FORM],
      [BIKES_PAGE, TEST_RIDE_FORM],
    ]) {
      const saved = await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${formId}`, {
        pageId,
        mapping: MAPPING,
      });
      assert.equal(saved.status, 200);
    }
  });
  after(() => stack.close());

  it('polls just-saved forms on the next tick, then leaves quiet ones alone for an hour', async () => {
    const first = await tick();
    assert.deepEqual(first.summary, { forms: 3, imported: 0, failed: 0 });
    assert.deepEqual((await tick()).summary, { forms: 0, imported: 0, failed: 0 }, 'not re-polled on the next tick');
    for (const formId of [SUBSCRIPTION_FORM, WHOLESALE_FORM, TEST_RIDE_FORM])
      await assertDueAfter(formId, 60, first.start, first.end);
    await elapse(59);
    assert.equal((await tick()).summary.forms, 0);
    await elapse(1);
    assert.equal((await tick()).summary.forms, 3, 'due after an hour');
  });

  it('polls a form with a new lead again within minutes, while the quiet ones wait', async () => {
    const missed = await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('Missed Webhook', 1), false);
    await elapse(60);
    const pass = await tick();
    assert.deepEqual(pass.summary, { forms: 3, imported: 1, failed: 0 });
    assert.ok((await h.allContacts(admin)).some((contact) => contact.externalId === missed.leadId));
    await assertDueAfter(TEST_RIDE_FORM, 5, pass.start, pass.end);
    await assertDueAfter(SUBSCRIPTION_FORM, 60, pass.start, pass.end);
    await elapse(5);
    assert.deepEqual((await tick()).summary, { forms: 1, imported: 0, failed: 0 }, 'only the form with the lead');
  });

  it('retries soon after Facebook failed, backing off per failure in a row, and relaxes once it answers', async () => {
    await elapse(60);
    await fault('down');
    try {
      const failed = await tick();
      assert.deepEqual(failed.summary, { forms: 0, imported: 0, failed: 3 });
      await assertDueAfter(TEST_RIDE_FORM, 5, failed.start, failed.end);
      // Two forms share the Coffee page's LeadGen quota: three minutes each at the least.
      await assertDueAfter(SUBSCRIPTION_FORM, 6, failed.start, failed.end);
      assert.equal((await row(TEST_RIDE_FORM)).backfillFailures, 1);
      await elapse(6);
      const again = await tick();
      assert.equal(again.summary.failed, 3);
      await assertDueAfter(TEST_RIDE_FORM, 10, again.start, again.end);
      await elapse(6);
      assert.deepEqual((await tick()).summary, { forms: 0, imported: 0, failed: 0 }, 'the second failure doubled the wait');
    } finally {
      await fault('ok');
    }
    await elapse(4);
    const recovered = await tick();
    assert.deepEqual(recovered.summary, { forms: 3, imported: 0, failed: 0 });
    assert.equal((await row(TEST_RIDE_FORM)).backfillFailures, 0);
    await assertDueAfter(SUBSCRIPTION_FORM, 60, recovered.start, recovered.end);
  });

  it('keeps every form of a rate-limited page away for an hour, doubling per strike; other pages carry on', async () => {
    await elapse(60);
    await h.control('facebook/rate-limit', { pageId: COFFEE_PAGE, code: 32, calls: 2 });
    const limited = await tick();
    assert.deepEqual(limited.summary, { forms: 1, imported: 0, failed: 1 }, 'the page’s other form is not asked at all');
    for (const formId of [SUBSCRIPTION_FORM, WHOLESALE_FORM]) await assertDueAfter(formId, 60, limited.start, limited.end);
    await elapse(60);
    const second = await tick();
    assert.deepEqual(second.summary, { forms: 1, imported: 0, failed: 1 });
    for (const formId of [SUBSCRIPTION_FORM, WHOLESALE_FORM]) await assertDueAfter(formId, 120, second.start, second.end);
    await elapse(60);
    assert.deepEqual((await tick()).summary, { forms: 1, imported: 0, failed: 0 }, 'only the other page');
    await elapse(60);
    assert.deepEqual((await tick()).summary, { forms: 3, imported: 0, failed: 0 }, 'the limit has passed');
  });
});
