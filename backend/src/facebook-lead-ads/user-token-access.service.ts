import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { insertOrElse } from '../common/database-errors';
import { FACEBOOK_SIGN_IN_REFUSED } from '../integrations/catalog/facebook-lead-ads.provider';
import { ConnectionHealthService } from '../integrations/connections/connection-health.service';
import { Connection } from '../integrations/connections/connection.entity';
import { UserTokenRejection } from './entities/user-token-rejection.entity';
import { FacebookLeadAdsError, FacebookLeadAdsException } from './facebook-lead-ads.exception';
import { FACEBOOK_KEY } from './graph.client';

/** Facebook's long-lived user tokens last ~60 days; the panel warns this long before. */
const WARN_BEFORE_MS = 7 * 86_400_000;

export type UserTokenState = 'valid' | 'expiring' | 'expired';

export interface UserTokenAccess {
  state: UserTokenState;
  expiresAt: Date | null;
  /** What the panel says, or null while all is well. */
  message: string | null;
}

/**
 * The user token only lists Pages and subscribes forms; leads are read with page tokens. So its expiry
 * is a notice on the panel and a degraded connection, never a stop: recorded when Graph rejects it,
 * superseded by a reconnect.
 */
@Injectable()
export class UserTokenAccessService {
  constructor(
    @InjectRepository(UserTokenRejection) private readonly rejections: Repository<UserTokenRejection>,
    private readonly health: ConnectionHealthService,
  ) {}

  /** Runs a call made with the user token, remembering a rejection (Graph 190) before passing it on. */
  async watch<T>(accountId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof FacebookLeadAdsException && error.code === FacebookLeadAdsError.UserTokenExpired) {
        const row = { rejectedAt: new Date(), reason: error.message.slice(0, 500) };
        await insertOrElse(
          () => this.rejections.insert({ accountId, ...row }),
          () => this.rejections.update({ accountId }, row),
        );
        await this.health.report(accountId, FACEBOOK_KEY, { state: 'degraded', reason: FACEBOOK_SIGN_IN_REFUSED });
      }
      throw error;
    }
  }

  async describe(connection: Connection, now = new Date()): Promise<UserTokenAccess> {
    const rejection = await this.rejections.findOneBy({ accountId: connection.accountId });
    const expiresAt = connection.tokenExpiresAt;
    const rejected = rejection !== null && rejection.rejectedAt.getTime() >= connection.connectedAt.getTime();
    if (rejected || (expiresAt && expiresAt.getTime() <= now.getTime())) {
      const when = rejected ? rejection.rejectedAt : expiresAt;
      return {
        state: 'expired',
        expiresAt: when,
        message: `Reconnect to manage forms — leads keep arriving. The Facebook sign-in expired on ${day(when)}; until you reconnect, Pages and forms cannot be listed or added.`,
      };
    }
    if (expiresAt && expiresAt.getTime() - now.getTime() <= WARN_BEFORE_MS) {
      return {
        state: 'expiring',
        expiresAt,
        message: `The Facebook sign-in expires on ${day(expiresAt)}. Reconnect before then to keep managing forms — leads keep arriving either way.`,
      };
    }
    return { state: 'valid', expiresAt, message: null };
  }
}

function day(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : 'an unknown date';
}
