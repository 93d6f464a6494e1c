import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MetricsService } from '../../metrics/metrics.service';
import { ConnectionHealthService } from './connection-health.service';
import { describeProviderFailure, isDeadGrant } from './provider-failure';
import { IntegrationError, IntegrationException } from '../integration.exception';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { Connection } from './connection.entity';
import type { FreshToken } from './connections.service';
import { TokenCipher, TokenContext } from './token-cipher';
import { TOKEN_CIPHER } from './token-cipher.provider';

export const REFRESH_LEASE_MS = 30_000;
const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3600_000;

/** Exponential backoff with "equal jitter": instances that failed together do not retry together. */
export function refreshBackoffMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Spends a refresh token, always under the connection's refresh lease (so a rotating refresh token is
 * spent once across every instance). The rotated refresh token and the new access token are written in
 * one statement before the access token is handed to anyone.
 */
@Injectable()
export class TokenRefreshService {
  private readonly logger = new Logger(TokenRefreshService.name);

  constructor(
    @InjectRepository(Connection) private readonly connections: Repository<Connection>,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
    private readonly providers: ProviderRegistry,
    private readonly metrics: MetricsService,
    private readonly health: ConnectionHealthService,
  ) {}

  /** Takes the lease when nobody holds it (or its holder died and it ran out). */
  async takeLease(connectionId: string, now = new Date()): Promise<boolean> {
    const result = await this.connections
      .createQueryBuilder()
      .update(Connection)
      .set({ refreshLeaseUntil: new Date(now.getTime() + REFRESH_LEASE_MS) })
      .where('id = :id AND (refresh_lease_until IS NULL OR refresh_lease_until < :now)', { id: connectionId, now })
      .execute();
    return result.affected === 1;
  }

  releaseLease(connectionId: string): Promise<unknown> {
    return this.connections.update({ id: connectionId }, { refreshLeaseUntil: null });
  }

  /** The new access token. `row` must carry its token columns and `refreshFailures`; the caller holds the lease. */
  async refreshHoldingLease(row: Connection, refreshToken: string): Promise<FreshToken> {
    const { accountId, integrationKey } = row;
    const context = (field: TokenContext['field']): TokenContext => ({ accountId, integrationKey, field });
    const provider = this.providers.get(integrationKey);
    let tokens;
    try {
      tokens = await provider.refresh(refreshToken);
    } catch (error) {
      throw await this.failed(row, error);
    }
    const renewed = {
      tokenExpiresAt: tokens.expiresIn ? new Date(Date.now() + tokens.expiresIn * 1000) : null,
      instanceUrl: provider.definition.instanceUrl?.(tokens)?.slice(0, 500) ?? row.instanceUrl,
    };
    await this.connections.update(
      { id: row.id },
      {
        accessTokenEnc: this.cipher.encrypt(tokens.accessToken, context('access_token')),
        // Providers that do not rotate keep the old refresh token valid.
        refreshTokenEnc: this.cipher.encrypt(tokens.refreshToken ?? refreshToken, context('refresh_token')),
        ...renewed,
        refreshLeaseUntil: null,
        refreshFailures: 0,
        nextRefreshAt: null,
        updatedAt: new Date(),
      },
    );
    this.metrics.tokenRefreshes.inc({ provider: integrationKey, outcome: 'refreshed' });
    // Only a degradation the refresh itself caused is cleared here; other code reports its own recovery.
    if (row.healthState === 'degraded' && (row.refreshFailures ?? 0) > 0) {
      await this.health.report(accountId, integrationKey, { state: 'healthy' });
    }
    return { accessToken: tokens.accessToken, expiresAt: renewed.tokenExpiresAt, connection: { ...row, ...renewed } };
  }

  /** Records the failure (dead grant → reauth_required; anything else → backoff and `degraded`). */
  private async failed(row: Connection, error: unknown): Promise<IntegrationException> {
    const { accountId, integrationKey } = row;
    const reason = describeProviderFailure(error);
    if (isDeadGrant(error)) {
      await this.releaseLease(row.id);
      this.metrics.tokenRefreshes.inc({ provider: integrationKey, outcome: 'reauth_required' });
      await this.health.report(accountId, integrationKey, {
        state: 'reauth_required',
        reason: `The provider rejected the refresh token. ${reason} Reconnect to grant access again.`,
      });
      return new IntegrationException(IntegrationError.ReauthRequired);
    }
    const failures = (row.refreshFailures ?? 0) + 1;
    const nextRefreshAt = new Date(Date.now() + refreshBackoffMs(failures));
    await this.connections.update({ id: row.id }, { refreshLeaseUntil: null, refreshFailures: failures, nextRefreshAt });
    this.metrics.tokenRefreshes.inc({ provider: integrationKey, outcome: 'failed' });
    this.logger.warn(`Token refresh for ${integrationKey} failed (${failures} in a row): ${reason}`);
    await this.health.report(accountId, integrationKey, {
      state: 'degraded',
      reason: `Refreshing the access token failed ${failures} time${failures === 1 ? '' : 's'} in a row: ${reason} It is retried automatically.`,
    });
    return new IntegrationException(IntegrationError.ProviderUnavailable);
  }
}
