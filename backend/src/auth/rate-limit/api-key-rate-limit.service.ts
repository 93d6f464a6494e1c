import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthSettings, authConfig } from '../../config';

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends and the count starts again. */
  resetSeconds: number;
}

/** MySQL has no RETURNING: LAST_INSERT_ID(expr) hands the new count back in the insert's result instead. */
const MYSQL_HIT =
  'INSERT INTO api_key_rate_windows (api_key_id, window_start, hits) VALUES (?, ?, LAST_INSERT_ID(1)) ' +
  'ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + 1)';
const SQLITE_HIT =
  'INSERT INTO api_key_rate_windows (api_key_id, window_start, hits) VALUES (?, ?, 1) ' +
  'ON CONFLICT (api_key_id, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits';

/**
 * A fixed-window counter per API key, kept in the database so every instance counts against the same
 * limit: one atomic upsert per request both counts it and returns the count so far. Old windows are
 * removed by housekeeping.
 */
@Injectable()
export class ApiKeyRateLimitService {
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
    const hits = await this.count(apiKeyId, windowStart);
    return {
      allowed: hits <= requests,
      limit: requests,
      remaining: Math.max(0, requests - hits),
      resetSeconds: windowStart + windowSeconds - nowSeconds,
    };
  }

  private async count(apiKeyId: string, windowStart: number): Promise<number> {
    if (this.dataSource.options.type === 'mysql') {
      const result = (await this.dataSource.query(MYSQL_HIT, [apiKeyId, windowStart])) as { insertId: number };
      return Number(result.insertId);
    }
    const [row] = (await this.dataSource.query(SQLITE_HIT, [apiKeyId, windowStart])) as { hits: number }[];
    return Number(row.hits);
  }
}
