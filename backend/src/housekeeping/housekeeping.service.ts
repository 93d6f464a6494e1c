import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../common/transactions';
import { AuthSettings, authConfig } from '../config';
import { DrainService } from '../health/drain.service';
import { MetricsService } from '../metrics/metrics.service';
import { HousekeepingSettings, housekeepingConfig } from './housekeeping.config';
import { Sweep, sweepsAt } from './sweeps';

export type SweepReport = Record<string, number>;

/** A sweep may hold the database (and, on SQLite, this process's only thread) for at most this share of the time. */
export const SWEEP_DUTY_CYCLE = 0.2;

/**
 * The pause after a batch that took `batchMs`: at least the configured one, and long enough that the
 * sweep keeps to its duty cycle when batches get slow (a WAL checkpoint, a busy disk). On SQLite every
 * batch runs on the thread that answers requests, so this is what keeps reads flat during a sweep.
 */
export function pauseAfterBatch(batchMs: number, minimumPauseMs: number): number {
  return Math.max(minimumPauseMs, Math.ceil((batchMs * (1 - SWEEP_DUTY_CYCLE)) / SWEEP_DUTY_CYCLE));
}

/**
 * Deletes rows that have served their time (expired sessions, old login attempts, finished connect
 * flows, past rate windows) on a schedule. Each DELETE takes at most one batch in a transaction of its
 * own, with a pause before the next, so no table is locked for long and requests keep flowing during a
 * large sweep. Deleting is idempotent: instances sweeping at once only share the work.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap {
  private readonly logger = new Logger(HousekeepingService.name);
  private running: Promise<SweepReport> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(housekeepingConfig.KEY) private readonly settings: HousekeepingSettings,
    @Inject(authConfig.KEY) private readonly auth: AuthSettings,
    private readonly drain: DrainService,
    private readonly metrics: MetricsService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.intervalSeconds === 0) return;
    // Its period is a setting, so it is registered here rather than with @Interval; @nestjs/schedule
    // stops it with the others when the application shuts down.
    const timer = setInterval(
      () => void this.sweep().catch((e: unknown) => this.logger.warn(`Sweep failed: ${String(e)}`)),
      this.settings.intervalSeconds * 1000,
    );
    this.scheduler.addInterval('housekeeping', timer);
  }

  /** One pass over every kind; a pass already under way is joined, not doubled. Stops early once draining. */
  sweep(now = Date.now()): Promise<SweepReport> {
    this.running ??= this.sweepAll(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepAll(now: number): Promise<SweepReport> {
    const report: SweepReport = {};
    for (const sweep of sweepsAt(now, this.settings, this.auth)) {
      report[sweep.kind] = await this.sweepOne(sweep);
      if (report[sweep.kind] > 0) this.logger.log(`Deleted ${report[sweep.kind]} ${sweep.kind.replace(/_/g, ' ')}`);
    }
    return report;
  }

  private async sweepOne(sweep: Sweep): Promise<number> {
    let total = 0;
    while (!this.drain.isDraining) {
      const started = performance.now();
      const deleted = await this.deleteBatch(sweep);
      total += deleted;
      this.metrics.housekeepingDeleted.inc({ kind: sweep.kind }, deleted);
      if (deleted < this.settings.batchSize) break;
      await sleep(pauseAfterBatch(performance.now() - started, this.settings.batchPauseMs));
    }
    return total;
  }

  /** MySQL deletes with LIMIT directly; SQLite (built without DELETE … LIMIT) picks the batch by rowid. */
  private async deleteBatch({ table, column, cutoff }: Sweep): Promise<number> {
    const limit = this.settings.batchSize;
    const sql =
      this.dataSource.options.type === 'mysql'
        ? `DELETE FROM ${table} WHERE ${column} < :cutoff ORDER BY ${column} LIMIT ${limit}`
        : `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${column} < :cutoff LIMIT ${limit})`;
    // The driver writes the cutoff exactly as it writes dates into these columns.
    const [query, parameters] = this.dataSource.driver.escapeQueryWithParameters(sql, { cutoff });
    return inTransaction(this.dataSource, async ({ queryRunner }) => {
      if (!queryRunner) throw new Error('A transaction always has its query runner');
      return (await queryRunner.query(query, parameters, true)).affected ?? 0;
    });
  }
}
