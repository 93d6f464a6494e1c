import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { API_PREFIX } from '../../common/api-prefix';
import { appConfig } from '../../config';
import { FacebookDataDeletion } from '../entities/facebook-data-deletion.entity';
import { FacebookLeadAdsError, FacebookLeadAdsException } from '../facebook-lead-ads.exception';
import { FacebookSettings, facebookConfig } from '../facebook.config';
import { SignedRequestRejection, verifySignedRequest } from '../webhooks/webhook-signatures';
import { FacebookUserDataService } from './facebook-user-data.service';

/** What Facebook expects back from a Data Deletion Request callback. */
export interface DataDeletionReceipt {
  url: string;
  confirmation_code: string;
}

export interface DataDeletionStatus {
  confirmationCode: string;
  status: 'completed';
  requestedAt: string;
  completedAt: string;
  message: string;
}

const CONFIRMATION_CODE = /^[0-9a-f]{32}$/;

const REJECTIONS: Record<SignedRequestRejection, string> = {
  malformed: 'signed_request is not <signature>.<payload> with a base64url JSON payload.',
  bad_signature: 'signed_request is not signed with this app’s secret.',
  bad_algorithm: 'signed_request must use the algorithm HMAC-SHA256.',
  no_user: 'signed_request names no user_id.',
  stale: 'signed_request is stale: issued_at must be within the last 5 minutes.',
};

/**
 * Meta's Data Deletion Request callback (required for App Review): a verified, fresh signed_request
 * deletes that user's stored tokens in every account, is recorded, and gets a status URL with a
 * confirmation code that the user can open later.
 */
@Injectable()
export class FacebookDataDeletionService {
  private readonly logger = new Logger(FacebookDataDeletionService.name);

  constructor(
    @Inject(facebookConfig.KEY) private readonly settings: FacebookSettings,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @InjectRepository(FacebookDataDeletion) private readonly deletions: Repository<FacebookDataDeletion>,
    private readonly userData: FacebookUserDataService,
  ) {}

  async request(signedRequest: string): Promise<DataDeletionReceipt> {
    const secret = this.settings.appSecret;
    if (!secret) throw new FacebookLeadAdsException(FacebookLeadAdsError.InvalidSignedRequest, REJECTIONS.bad_signature);
    const verified = verifySignedRequest(secret, signedRequest);
    if (!verified.ok) throw new FacebookLeadAdsException(FacebookLeadAdsError.InvalidSignedRequest, REJECTIONS[verified.reason]);
    const requestedAt = new Date();
    const forgotten = await this.userData.forget(
      verified.payload.user_id,
      'Facebook sent a Data Deletion Request for this user: the stored access tokens were deleted.',
    );
    const confirmationCode = randomBytes(16).toString('hex');
    await this.deletions.insert({
      id: randomUUID(),
      confirmationCode,
      facebookUserHash: createHash('sha256').update(verified.payload.user_id).digest('hex'),
      connectionsCleared: forgotten.connections,
      pageTokensDeleted: forgotten.pageTokens,
      requestedAt,
      completedAt: new Date(),
    });
    this.logger.log(
      `Data deletion ${confirmationCode}: ${forgotten.connections} connection(s), ${forgotten.pageTokens} page token(s)`,
    );
    return { url: this.statusUrl(confirmationCode), confirmation_code: confirmationCode };
  }

  async status(confirmationCode: string): Promise<DataDeletionStatus> {
    const row = CONFIRMATION_CODE.test(confirmationCode) ? await this.deletions.findOne({ where: { confirmationCode } }) : null;
    if (!row) throw new FacebookLeadAdsException(FacebookLeadAdsError.DataDeletionNotFound);
    return {
      confirmationCode: row.confirmationCode,
      status: 'completed',
      requestedAt: row.requestedAt.toISOString(),
      completedAt: row.completedAt.toISOString(),
      message:
        'Aurora Inbox deleted the Facebook access tokens it stored for you. It can no longer read your Pages or lead forms.',
    };
  }

  private statusUrl(code: string): string {
    return new URL(`/${API_PREFIX}/webhooks/facebook/data-deletion/${code}`, this.app.appUrl).toString();
  }
}
