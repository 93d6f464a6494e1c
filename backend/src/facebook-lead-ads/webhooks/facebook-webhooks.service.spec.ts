import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import type { FacebookSettings } from '../facebook.config';
import type { FacebookUserDataService } from '../data-deletion/facebook-user-data.service';
import { MetricsService } from '../../metrics/metrics.service';
import { FacebookLeadAdsError, FacebookLeadAdsException } from '../facebook-lead-ads.exception';
import type { IntakeReceipt, LeadInboxService } from '../inbox/lead-inbox.service';
import type { LeadInboxWorkerService } from '../inbox/lead-inbox-worker.service';
import type { LeadNotification } from '../lead-import.service';
import { FacebookWebhooksService } from './facebook-webhooks.service';

const settings: FacebookSettings = {
  appSecret: 'app-secret',
  verifyToken: 'verify-me',
  backfillIntervalSeconds: 0,
  backfillCadence: { minSeconds: 120, activeSeconds: 300, quietSeconds: 3600 },
  testLeadsToServices: false,
  graphVersion: 'v24.0',
  inboxPollMs: 1000,
  inboxLeaseSeconds: 120,
  inboxWorkers: 1,
};

function notification(...leadIds: string[]): { raw: Buffer; body: unknown; signature: string } {
  const body = {
    object: 'page',
    entry: [
      { id: '1', changes: leadIds.map((id) => ({ field: 'leadgen', value: { leadgen_id: id, page_id: '1', form_id: '2' } })) },
    ],
  };
  const raw = Buffer.from(JSON.stringify(body));
  return {
    raw,
    body,
    signature: `sha256=${createHmac('sha256', settings.appSecret as string)
      .update(raw)
      .digest('hex')}`,
  };
}

function service(intake: (leads: LeadNotification[]) => Promise<IntakeReceipt>, overrides: Partial<FacebookSettings> = {}) {
  const woken: number[] = [];
  const worker = { wake: () => void woken.push(1) } as unknown as LeadInboxWorkerService;
  const webhooks = new FacebookWebhooksService(
    { ...settings, ...overrides },
    { intake } as LeadInboxService,
    worker,
    {} as FacebookUserDataService,
    new MetricsService(),
  );
  return Object.assign(webhooks, { woken });
}

const stored = async (leads: LeadNotification[]): Promise<IntakeReceipt> => ({
  leads: leads.length,
  accepted: leads.length,
  ignored: 0,
});

const rejectsWith = (promise: Promise<unknown>, code: FacebookLeadAdsError, status: number) =>
  assert.rejects(
    promise,
    (error: unknown) => error instanceof FacebookLeadAdsException && error.code === code && error.status === status,
  );

describe(FacebookWebhooksService.name, () => {
  it('stores every change in the inbox, wakes the import workers and never calls Graph', async () => {
    const seen: string[] = [];
    const { raw, body, signature } = notification('10', '11', '12');
    const webhooks = service(async (leads) => {
      seen.push(...leads.map((lead) => lead.leadgenId));
      return stored(leads);
    });
    assert.deepEqual(await webhooks.receive(raw, signature, body), { leads: 3, accepted: 3, ignored: 0 });
    assert.deepEqual(seen, ['10', '11', '12']);
    assert.equal(webhooks.woken.length, 1);
  });

  it('checks the signature before looking at the body', async () => {
    let calls = 0;
    const webhooks = service(async (leads) => {
      calls++;
      return stored(leads);
    });
    const { raw, body } = notification('10');
    await rejectsWith(webhooks.receive(raw, undefined, body), FacebookLeadAdsError.InvalidSignature, 401);
    await rejectsWith(
      webhooks.receive(undefined, notification('10').signature, body),
      FacebookLeadAdsError.InvalidSignature,
      401,
    );
    const unsigned = service(stored, { appSecret: undefined });
    await rejectsWith(unsigned.receive(raw, notification('10').signature, body), FacebookLeadAdsError.InvalidSignature, 401);
    assert.equal(calls, 0);
  });

  it('answers 503 so Facebook delivers again when the inbox could not be written', async () => {
    const { raw, body, signature } = notification('10', '11');
    const database = service(async () => {
      throw Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
    });
    await rejectsWith(database.receive(raw, signature, body), FacebookLeadAdsError.WebhookNotStored, 503);
    assert.equal(database.woken.length, 0);
  });

  it('echoes the challenge only for subscribe with the right verify token', () => {
    const webhooks = service(stored);
    assert.equal(webhooks.verifySubscription('subscribe', 'verify-me', '42'), '42');
    for (const [mode, token, challenge] of [
      ['subscribe', 'wrong', '42'],
      ['subscribe', undefined, '42'],
      ['subscribe', ['verify-me'], '42'],
      ['unsubscribe', 'verify-me', '42'],
      ['subscribe', 'verify-me', undefined],
    ]) {
      assert.throws(() => webhooks.verifySubscription(mode, token, challenge), FacebookLeadAdsException);
    }
    assert.throws(() => service(stored, { verifyToken: '' }).verifySubscription('subscribe', '', '42'), FacebookLeadAdsException);
  });
});
