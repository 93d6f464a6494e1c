import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/transactions';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { Connection } from './connection.entity';
import { ConnectionsService } from './connections.service';
import { REFRESH_LEASE_MS, TokenRefreshService } from './token-refresh.service';

const POLL_INTERVAL_MS = 60_000;
/** Tokens that die within this window are renewed now, so no request ever starts with one about to expire. */
export const REFRESH_AHEAD_MS = 10 * 60_000;
const BATCH = 25;

export interface RefreshRun {
  refreshed: number;
  failed: number;
}

/**
 * Refreshes every connection whose access token expires within 10 minutes, for each provider that issues
 * refresh tokens (DESIGN §11). Instances share the work: on MySQL a batch is claimed with
 * `SELECT … FOR UPDATE SKIP LOCKED` and leased in the same transaction; on SQLite each row's lease is taken
 * with a conditional update. Transient failures back off per connection (`next_refresh_at`).
 */
@Injectable()
export class TokenRefreshScheduler {
  private readonly logger = new Logger(TokenRefreshScheduler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: ProviderRegistry,
    private readonly connections: ConnectionsService,
    private readonly refresher: TokenRefreshService,
  ) {}

  @Interval('token-refresh', POLL_INTERVAL_MS)
  async tick(): Promise<void> {
    await this.runOnce().catch((e: unknown) => this.logger.warn(`Scheduled token refresh failed: ${String(e)}`));
  }

  async runOnce(now = new Date()): Promise<RefreshRun> {
    const refreshBefore = new Date(now.getTime() + REFRESH_AHEAD_MS);
    const run: RefreshRun = { refreshed: 0, failed: 0 };
    for (const id of await this.claim(now, refreshBefore)) {
      try {
        if ((await this.connections.refreshClaimed(id, refreshBefore)) === 'refreshed') run.refreshed++;
      } catch {
        // Recorded on the connection (health, backoff) by the refresh itself.
        run.failed++;
      }
    }
    return run;
  }

  /** Ids of due connections whose lease this instance now holds. */
  private async claim(now: Date, refreshBefore: Date): Promise<string[]> {
    const keys = this.providers
      .all()
      .filter((provider) => provider.configured && provider.definition.refresh !== 'none')
      .map((provider) => provider.key);
    if (keys.length === 0) return [];
    if (this.dataSource.options.type !== 'mysql') {
      const due = await this.due(this.dataSource.manager, keys, now, refreshBefore).getMany();
      const leased = await Promise.all(due.map(async ({ id }) => ((await this.refresher.takeLease(id, now)) ? id : null)));
      return leased.filter((id): id is string => id !== null);
    }
    return inTransaction(this.dataSource, async (manager) => {
      const ids = (
        await this.due(manager, keys, now, refreshBefore).setLock('pessimistic_write').setOnLocked('skip_locked').getMany()
      ).map(({ id }) => id);
      if (ids.length > 0) {
        await manager
          .createQueryBuilder()
          .update(Connection)
          .set({ refreshLeaseUntil: new Date(now.getTime() + REFRESH_LEASE_MS) })
          .whereInIds(ids)
          .execute();
      }
      return ids;
    });
  }

  private due(manager: EntityManager, keys: string[], now: Date, refreshBefore: Date) {
    return manager
      .getRepository(Connection)
      .createQueryBuilder('c')
      .select('c.id')
      .where("c.status = 'connected' AND c.refresh_token_enc IS NOT NULL")
      .andWhere('c.token_expires_at IS NOT NULL AND c.token_expires_at < :refreshBefore', { refreshBefore })
      .andWhere('c.integration_key IN (:...keys)', { keys })
      .andWhere(new Brackets((q) => q.where('c.next_refresh_at IS NULL').orWhere('c.next_refresh_at <= :now', { now })))
      .andWhere(new Brackets((q) => q.where('c.refresh_lease_until IS NULL').orWhere('c.refresh_lease_until < :now', { now })))
      .orderBy('c.token_expires_at', 'ASC')
      .limit(BATCH);
  }
}
