import { Inject, Injectable, Logger } from '@nestjs/common';
import { FacebookUserDataService } from '../data-deletion/facebook-user-data.service';
import { FacebookSettings, facebookConfig } from '../facebook.config';
import { MetricsService } from '../../metrics/metrics.service';
import { FacebookLeadAdsError, FacebookLeadAdsException } from '../facebook-lead-ads.exception';
import { ImportOutcome, LeadImportService, LeadNotification } from '../lead-import.service';
import { parseLeadgenNotification } from './leadgen-notification';
import { parseSignedRequest, safeEqual, verifyHubSignature } from './webhook-signatures';

export interface WebhookReceipt {
  leads: number;
  imported: number;
  duplicates: number;
  ignored: number;
}

/** Failures that another delivery cannot fix: acknowledged, so Facebook stops retrying; the backfill catches up after a reconnect. */
const FINAL_FAILURES = new Set<string>([
  FacebookLeadAdsError.ReauthRequired,
  FacebookLeadAdsError.MissingPermission,
  FacebookLeadAdsError.FacebookObjectNotFound,
  FacebookLeadAdsError.NotConnected,
  FacebookLeadAdsError.PageNotFound,
  FacebookLeadAdsError.GraphRequestRejected,
]);
/** Changes of one notification imported side by side (Facebook batches up to 1,000). */
const PARALLEL_CHANGES = 8;
const MAX_CHALLENGE_LENGTH = 512;

@Injectable()
export class FacebookWebhooksService {
  private readonly logger = new Logger(FacebookWebhooksService.name);

  constructor(
    @Inject(facebookConfig.KEY) private readonly settings: FacebookSettings,
    private readonly imports: LeadImportService,
    private readonly userData: FacebookUserDataService,
    private readonly metrics: MetricsService,
  ) {}

  /** The subscription handshake: echo the challenge only to someone who knows the verify token. */
  verifySubscription(mode: unknown, verifyToken: unknown, challenge: unknown): string {
    const ok =
      mode === 'subscribe' &&
      typeof verifyToken === 'string' &&
      this.settings.verifyToken !== '' &&
      safeEqual(verifyToken, this.settings.verifyToken) &&
      typeof challenge === 'string' &&
      challenge.length > 0 &&
      challenge.length <= MAX_CHALLENGE_LENGTH;
    if (!ok) throw new FacebookLeadAdsException(FacebookLeadAdsError.VerificationFailed);
    return challenge;
  }

  /**
   * Verifies the signature over the raw bytes before anything else, then imports every `leadgen`
   * change. Answers 503 when a lead could not be stored so that Facebook delivers again.
   */
  async receive(rawBody: Buffer | undefined, signature: string | undefined, body: unknown): Promise<WebhookReceipt> {
    const secret = this.settings.appSecret;
    if (!secret || !rawBody || !verifyHubSignature(secret, rawBody, signature)) {
      throw new FacebookLeadAdsException(FacebookLeadAdsError.InvalidSignature);
    }
    const leads = parseLeadgenNotification(body);
    if (!leads) throw new FacebookLeadAdsException(FacebookLeadAdsError.InvalidWebhook);

    const receipt: WebhookReceipt = { leads: leads.length, imported: 0, duplicates: 0, ignored: 0 };
    let failed = 0;
    const count = (outcome: ImportOutcome) => {
      if (outcome === 'imported') receipt.imported++;
      else if (outcome === 'duplicate') receipt.duplicates++;
      else receipt.ignored++;
    };
    for (let i = 0; i < leads.length; i += PARALLEL_CHANGES) {
      const results = await Promise.allSettled(
        leads.slice(i, i + PARALLEL_CHANGES).map((lead) => this.imports.importNotified(lead)),
      );
      results.forEach((result, n) => {
        if (result.status === 'fulfilled') return result.value.forEach(count);
        if (this.isFinal(result.reason, leads[i + n])) receipt.ignored++;
        else failed++;
      });
    }
    this.countIntake(receipt, failed);
    if (failed > 0) throw new FacebookLeadAdsException(FacebookLeadAdsError.WebhookNotStored);
    return receipt;
  }

  /** Facebook calls this when the user removes the app: the stored tokens are dead, so they are dropped. */
  async deauthorize(signedRequest: string): Promise<void> {
    const payload = this.settings.appSecret ? parseSignedRequest(this.settings.appSecret, signedRequest) : null;
    if (!payload) throw new FacebookLeadAdsException(FacebookLeadAdsError.InvalidSignature);
    await this.userData.forget(
      payload.user_id,
      'The Facebook user removed the app (deauthorize callback): the stored access tokens were deleted.',
    );
  }

  private countIntake(receipt: WebhookReceipt, failed: number): void {
    const { webhookLeads } = this.metrics;
    webhookLeads.inc({ outcome: 'imported' }, receipt.imported);
    webhookLeads.inc({ outcome: 'duplicate' }, receipt.duplicates);
    webhookLeads.inc({ outcome: 'ignored' }, receipt.ignored);
    webhookLeads.inc({ outcome: 'failed' }, failed);
  }

  private isFinal(error: unknown, lead: LeadNotification | undefined): boolean {
    const final = error instanceof FacebookLeadAdsException && FINAL_FAILURES.has(error.code);
    const what = `lead ${lead?.leadgenId ?? '?'} of form ${lead?.formId ?? '?'}`;
    if (final) this.logger.warn(`Skipped ${what}: ${(error as Error).message}`);
    else this.logger.error({ err: error }, `Could not store ${what}; asking Facebook to deliver again`);
    return final;
  }
}
