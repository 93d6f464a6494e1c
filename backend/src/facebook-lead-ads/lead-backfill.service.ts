import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FacebookSettings, facebookConfig } from './facebook.config';
import { Connection } from '../integrations/connections/connection.entity';
import { FacebookFormConnection } from './entities/facebook-form-connection.entity';
import { FACEBOOK_KEY, GraphClient } from './graph.client';
import { LeadImportService } from './lead-import.service';

export interface FormBackfillResult {
  formId: string;
  imported: number;
  /** Another instance holds the lease, or the account is not connected. */
  skipped: boolean;
}

export interface BackfillSummary {
  forms: number;
  imported: number;
  failed: number;
}

/** A pass may run this long before another instance may take the form over. */
const LEASE_MS = 5 * 60_000;
/** Each pass re-reads this much before the previous one started: clock skew and leads still being written. */
const OVERLAP_MS = 5 * 60_000;

/**
 * Catches leads whose webhook never arrived: per connected form, lists the leads created since the
 * last complete pass and imports the missing ones. A lease column makes one instance poll each form.
 */
@Injectable()
export class LeadBackfillService implements OnApplicationBootstrap {
  private readonly logger = new Logger(LeadBackfillService.name);
  private running = false;

  constructor(
    @InjectRepository(FacebookFormConnection) private readonly forms: Repository<FacebookFormConnection>,
    @Inject(facebookConfig.KEY) private readonly settings: FacebookSettings,
    private readonly imports: LeadImportService,
    private readonly graph: GraphClient,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.backfillIntervalSeconds === 0) return;
    // Its period is a setting, so it is registered here rather than with @Interval; @nestjs/schedule
    // stops it with the others when the application shuts down.
    const timer = setInterval(() => void this.poll(), this.settings.backfillIntervalSeconds * 1000);
    this.scheduler.addInterval('facebook-lead-backfill', timer);
  }

  /** Every form of every account whose Facebook connection is live; one failing form does not stop the rest. */
  async backfillAll(): Promise<BackfillSummary> {
    const rows = await this.forms
      .createQueryBuilder('f')
      .innerJoin(Connection, 'c', 'c.id = f.connection_id')
      .where('c.status = :status AND c.integration_key = :key', { status: 'connected', key: FACEBOOK_KEY })
      .select(['f.id'])
      .getMany();
    const summary: BackfillSummary = { forms: 0, imported: 0, failed: 0 };
    for (const row of rows) {
      try {
        const result = await this.backfillForm(row.id);
        if (!result.skipped) summary.forms++;
        summary.imported += result.imported;
      } catch (error) {
        summary.failed++;
        this.logger.warn(`Backfill of form connection ${row.id} failed: ${(error as Error).message}`);
      }
    }
    return summary;
  }

  async backfillForm(formConnectionId: string): Promise<FormBackfillResult> {
    const started = new Date();
    if (!(await this.takeLease(formConnectionId, started))) return { formId: '', imported: 0, skipped: true };
    let completed = false;
    try {
      const form = await this.forms.findOneBy({ id: formConnectionId });
      const connection = form && (await this.imports.liveConnection(form));
      if (!form || !connection) return { formId: form?.formId ?? '', imported: 0, skipped: true };
      const caller = await this.imports.callerFor(form, connection);
      const leads = await this.graph.listLeadsSince(caller, form.formId, form.backfillSince);
      let imported = 0;
      for (const lead of leads) {
        if ((await this.imports.importLead(form, lead.id, lead, caller)) === 'imported') imported++;
      }
      const since = new Date(Math.max(form.backfillSince.getTime(), started.getTime() - OVERLAP_MS));
      await this.forms.update({ id: form.id }, { backfillSince: since, backfillLeaseUntil: null });
      completed = true;
      return { formId: form.formId, imported, skipped: false };
    } finally {
      if (!completed) await this.forms.update({ id: formConnectionId }, { backfillLeaseUntil: null });
    }
  }

  private async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const summary = await this.backfillAll();
      if (summary.imported || summary.failed) this.logger.log(`Lead backfill: ${JSON.stringify(summary)}`);
    } catch (error) {
      this.logger.error(`Lead backfill failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  private async takeLease(formConnectionId: string, now: Date): Promise<boolean> {
    const result = await this.forms
      .createQueryBuilder()
      .update(FacebookFormConnection)
      .set({ backfillLeaseUntil: new Date(now.getTime() + LEASE_MS) })
      .where('id = :id AND (backfill_lease_until IS NULL OR backfill_lease_until < :now)', { id: formConnectionId, now })
      .execute();
    return result.affected === 1;
  }
}
