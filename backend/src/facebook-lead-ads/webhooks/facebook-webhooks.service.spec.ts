import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import type { FacebookSettings } from '../facebook.config';
import type { FacebookUserDataService } from '../data-deletion/facebook-user-data.service';
import { MetricsService } from '../../metrics/metrics.service';
import { FacebookLeadAdsError, FacebookLeadAdsException } from '../facebook-lead-ads.exception';
import type { ImportOutcome, LeadImportService, LeadNotification } from '../lead-import.service';
import { FacebookWebhooksService } from './facebook-webhooks.service';

const settings: FacebookSettings = {
  appSecret: 'app-secret',
  verifyToken: 'verify-me',
  backfillIntervalSeconds: 0,
  testLeadsToServices: false,
  graphVersion: 'v24.0',
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

function service(
  importNotified: (lead: LeadNotification) => Promise<ImportOutcome[]>,
  overrides: Partial<FacebookSettings> = {},
) {
  const imports = { importNotified } as LeadImportService;
  return new FacebookWebhooksService({ ...settings, ...overrides }, imports, {} as FacebookUserDataService, new MetricsService());
}

const rejectsWith = (promise: Promise<unknown>, code: FacebookLeadAdsError, status: number) =>
  assert.rejects(
    promise,
    (error: unknown) => error instanceof FacebookLeadAdsException && error.code === code && error.status === status,
  );

describe(FacebookWebhooksService.name, () => {
  it('counts what each leadgen change became', async () => {
    const outcomes: Record<string, ImportOutcome[]> = { '10': ['imported'], '11': ['duplicate'], '12': ['ignored'] };
    const { raw, body, signature } = notification('10', '11', '12');
    const receipt = await service(async (lead) => outcomes[lead.leadgenId] ?? []).receive(raw, signature, body);
    assert.deepEqual(receipt, { leads: 3, imported: 1, duplicates: 1, ignored: 1 });
  });

  it('checks the signature before looking at the body', async () => {
    let calls = 0;
    const webhooks = service(async () => {
      calls++;
      return ['imported'];
    });
    const { raw, body } = notification('10');
    await rejectsWith(webhooks.receive(raw, undefined, body), FacebookLeadAdsError.InvalidSignature, 401);
    await rejectsWith(
      webhooks.receive(undefined, notification('10').signature, body),
      FacebookLeadAdsError.InvalidSignature,
      401,
    );
    const unsigned = service(async () => ['imported'], { appSecret: undefined });
    await rejectsWith(unsigned.receive(raw, notification('10').signature, body), FacebookLeadAdsError.InvalidSignature, 401);
    assert.equal(calls, 0);
  });

  it('answers 503 so Facebook delivers again when a lead could not be stored', async () => {
    const { raw, body, signature } = notification('10', '11');
    const outage = service(async (lead) => {
      if (lead.leadgenId === '11') throw new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
      return ['imported'];
    });
    await rejectsWith(outage.receive(raw, signature, body), FacebookLeadAdsError.WebhookNotStored, 503);
    const database = service(async () => {
      throw Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
    });
    await rejectsWith(database.receive(raw, signature, body), FacebookLeadAdsError.WebhookNotStored, 503);
  });

  it('acknowledges leads that no retry could import (dead token, missing permission)', async () => {
    const { raw, body, signature } = notification('10', '11');
    const webhooks = service(async (lead) => {
      throw new FacebookLeadAdsException(
        lead.leadgenId === '10' ? FacebookLeadAdsError.ReauthRequired : FacebookLeadAdsError.MissingPermission,
      );
    });
    assert.deepEqual(await webhooks.receive(raw, signature, body), { leads: 2, imported: 0, duplicates: 0, ignored: 2 });
  });

  it('acknowledges a Graph 100 without subcode instead of a 503 that would make Meta retry for 36 hours', async () => {
    const { raw, body, signature } = notification('10');
    const webhooks = service(async () => {
      throw new FacebookLeadAdsException(FacebookLeadAdsError.GraphRequestRejected);
    });
    assert.deepEqual(await webhooks.receive(raw, signature, body), { leads: 1, imported: 0, duplicates: 0, ignored: 1 });
  });

  it('echoes the challenge only for subscribe with the right verify token', () => {
    const webhooks = service(async () => []);
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
    assert.throws(
      () => service(async () => [], { verifyToken: '' }).verifySubscription('subscribe', '', '42'),
      FacebookLeadAdsException,
    );
  });
});
