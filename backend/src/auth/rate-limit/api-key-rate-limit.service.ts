import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthSettings, authConfig } from '../../config';
import { RateWindowBuckets, WindowBucket } from './rate-window-buckets';

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends and the count starts again. */
  resetSeconds: number;
}

/** MySQL has no RETURNING: LAST_INSERT_ID(expr) hands the new total back in the insert's result instead. */
const MYSQL_CLAIM =
  'INSERT INTO api_key_rate_windows (api_key_id, window_start, hits) VALUES (?, ?, LAST_INSERT_ID(?)) ' +
  'ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + ?)';
const SQLITE_CLAIM =
  'INSERT INTO api_key_rate_windows (api_key_id, window_start, hits) VALUES (?, ?, ?) ' +
  'ON CONFLICT (api_key_id, window_start) DO UPDATE SET hits = hits + excluded.hits RETURNING hits';

/** Requests one claim reserves: 1% of the limit, between 1 and 100, so small limits are counted one by one. */
export function claimSize(limit: number): number {
  return Math.max(1, Math.min(100, Math.floor(limit / 100)));
}

/**
 * A fixed-window limit per API key, shared by every instance through one counter row per key and window
 * in the database. An instance does not write per request: it *claims* a few requests of the window at a
 * time with one atomic upsert (`hits = hits + n`, the new total returned) and spends them locally. A claim
 * is granted only up to the limit, so all instances together never let more than the limit through; the
 * price is that a key may be refused up to (instances − 1) × claim size early, while other instances
 * still hold requests they claimed. Once the total reaches the limit no instance claims again until the
 * next window. Old windows are removed by housekeeping.
 */
@Injectable()
export class ApiKeyRateLimitService {
  private readonly buckets = new RateWindowBuckets();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(authConfig.KEY) private readonly settings: AuthSettings,
  ) {}

  get enabled(): boolean {
    return this.settings.apiKeyRateLimit !== null;
  }

  /** Counts one request of the key; the verdict says whether it is within the limit. */
  async hit(apiKeyId: string, now = Date.now()): Promise<RateLimitVerdict> {
    const { requests, windowSeconds } = this.settings.apiKeyRateLimit ?? { requests: Infinity, windowSeconds: 1 };
    const nowSeconds = Math.floor(now / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const bucket = this.buckets.get(apiKeyId, windowStart);
    const allowed = await this.take(bucket, apiKeyId, requests);
    return {
      allowed,
      limit: requests,
      remaining: Math.max(0, requests - bucket.claimedTotal) + bucket.unspent,
      resetSeconds: windowStart + windowSeconds - nowSeconds,
    };
  }

  /** Spends one locally held request, claiming more (one claim at a time per key) when none is left. */
  private async take(bucket: WindowBucket, apiKeyId: string, limit: number): Promise<boolean> {
    for (;;) {
      if (bucket.unspent > 0) {
        bucket.unspent -= 1;
        return true;
      }
      if (bucket.claimedTotal >= limit) return false;
      bucket.claiming ??= this.claim(bucket, apiKeyId, limit).finally(() => (bucket.claiming = undefined));
      await bucket.claiming;
    }
  }

  private async claim(bucket: WindowBucket, apiKeyId: string, limit: number): Promise<void> {
    const wanted = Math.min(claimSize(limit), limit - bucket.claimedTotal);
    const total = await this.addToCounter(apiKeyId, bucket.windowStart, wanted);
    bucket.claimedTotal = Math.max(bucket.claimedTotal, total);
    // What the other instances claimed first is theirs: only the part of ours below the limit is granted.
    bucket.unspent += Math.max(0, Math.min(wanted, limit - (total - wanted)));
  }

  private async addToCounter(apiKeyId: string, windowStart: number, requests: number): Promise<number> {
    if (this.dataSource.options.type === 'mysql') {
      const result = (await this.dataSource.query(MYSQL_CLAIM, [apiKeyId, windowStart, requests, requests])) as {
        insertId: number;
      };
      return Number(result.insertId);
    }
    const [row] = (await this.dataSource.query(SQLITE_CLAIM, [apiKeyId, windowStart, requests])) as { hits: number }[];
    return Number(row.hits);
  }
}
