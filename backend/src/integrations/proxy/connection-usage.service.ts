import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../../common/database-errors';
import { ConnectionUsage } from './connection-usage.entity';

const AUDIT_EVERY_MS = 60_000;
/** Bounds the per-instance memory of recent claims; past it the database alone decides. */
const MAX_REMEMBERED = 10_000;

export interface UsageView {
  lastUsedAt: Date | null;
  callsToday: number;
  lastError: string | null;
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Per-connection proxy counters: one row per connection, changed by single atomic statements. */
@Injectable()
export class ConnectionUsageService {
  /** When this instance last claimed each connection's audit: a busy connection skips the write in between. */
  private readonly claimedAt = new Map<string, number>();

  constructor(@InjectRepository(ConnectionUsage) private readonly usage: Repository<ConnectionUsage>) {}

  /**
   * Counts one call. The day bucket is part of the same UPDATE, so concurrent calls on any instance never
   * lose a count and the first call of a new day restarts it. `lastError` null marks a success.
   */
  async count(connectionId: string, lastError: string | null, at = new Date()): Promise<void> {
    const day = utcDay(at);
    const error = lastError?.slice(0, 300) ?? null;
    const bump = () =>
      this.usage
        .createQueryBuilder()
        .update(ConnectionUsage)
        .set({
          callsToday: () => 'CASE WHEN usage_day = :day THEN calls_today + 1 ELSE 1 END',
          usageDay: day,
          lastUsedAt: at,
          lastError: error,
        })
        .where('connection_id = :connectionId', { connectionId, day })
        .execute();
    if ((await bump()).affected) return;
    try {
      await this.usage.insert({ connectionId, usageDay: day, callsToday: 1, lastUsedAt: at, lastError: error, auditedAt: null });
    } catch (insertError) {
      // Another call created the row first: count on it.
      if (!isUniqueViolation(insertError)) throw insertError;
      await bump();
    }
  }

  /** True for at most one caller a minute per connection: that one writes the audit event. */
  async claimAudit(connectionId: string, at = new Date()): Promise<boolean> {
    const claimed = this.claimedAt.get(connectionId);
    if (claimed !== undefined && at.getTime() - claimed < AUDIT_EVERY_MS) return false;
    if (this.claimedAt.size >= MAX_REMEMBERED) this.claimedAt.clear();
    this.claimedAt.set(connectionId, at.getTime());
    const result = await this.usage
      .createQueryBuilder()
      .update(ConnectionUsage)
      .set({ auditedAt: at })
      .where('connection_id = :connectionId AND (audited_at IS NULL OR audited_at <= :before)', {
        connectionId,
        before: new Date(at.getTime() - AUDIT_EVERY_MS),
      })
      .execute();
    return result.affected === 1;
  }

  /** Calls today count only while the stored bucket is today's. */
  async view(connectionId: string, now = new Date()): Promise<UsageView> {
    const row = await this.usage.findOneBy({ connectionId });
    return {
      lastUsedAt: row?.lastUsedAt ?? null,
      callsToday: row && row.usageDay === utcDay(now) ? row.callsToday : 0,
      lastError: row?.lastError ?? null,
    };
  }
}
