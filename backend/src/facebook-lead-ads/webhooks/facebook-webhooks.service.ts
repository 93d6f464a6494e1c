import { Inject, Injectable, Logger } from '@nestjs/common';
import { FacebookUserDataService } from '../data-deletion/facebook-user-data.service';
import { FacebookSettings, facebookConfig } from '../facebook.config';
import { MetricsService } from '../../metrics/metrics.service';
import { FacebookLeadAdsError, FacebookLeadAdsException } from '../facebook-lead-ads.exception';
import { IntakeReceipt, LeadInboxService } from '../inbox/lead-inbox.service';
import { LeadInboxWorkerService } from '../inbox/lead-inbox-worker.service';
import { parseLeadgenNotification } from './leadgen-notification';
import { parseSignedRequest, safeEqual, verifyHubSignature } from './webhook-signatures';

export type WebhookReceipt = IntakeReceipt;

const MAX_CHALLENGE_LENGTH = 512;

@Injectable()
export class FacebookWebhooksService {
  private readonly logger = new Logger(FacebookWebhooksService.name);

  constructor(
    @Inject(facebookConfig.KEY) private readonly settings: FacebookSettings,
    private readonly inbox: LeadInboxService,
    private readonly worker: LeadInboxWorkerService,
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
   * Verifies the signature over the raw bytes before anything else, then stores every `leadgen` change
   * in the inbox and answers without calling Graph: the workers import them. Answers 503 only when the
   * inbox could not be written, so that Facebook delivers again.
   */
  async receive(rawBody: Buffer | undefined, signature: string | undefined, body: unknown): Promise<WebhookReceipt> {
    const secret = this.settings.appSecret;
    if (!secret || !rawBody || !verifyHubSignature(secret, rawBody, signature)) {
      throw new FacebookLeadAdsException(FacebookLeadAdsError.InvalidSignature);
    }
    const leads = parseLeadgenNotification(body);
    if (!leads) throw new FacebookLeadAdsException(FacebookLeadAdsError.InvalidWebhook);
    let receipt: WebhookReceipt;
    try {
      receipt = await this.inbox.intake(leads);
    } catch (error) {
      this.logger.error({ err: error }, `Could not store ${leads.length} notified leads; asking Facebook to deliver again`);
      this.metrics.webhookLeads.inc({ outcome: 'failed' }, leads.length);
      throw new FacebookLeadAdsException(FacebookLeadAdsError.WebhookNotStored);
    }
    this.metrics.webhookLeads.inc({ outcome: 'accepted' }, receipt.accepted);
    this.metrics.webhookLeads.inc({ outcome: 'ignored' }, receipt.ignored);
    if (receipt.accepted) this.worker.wake();
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
}
