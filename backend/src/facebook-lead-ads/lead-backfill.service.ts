import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FacebookSettings, facebookConfig } from './facebook.config';
import { Connection } from '../integrations/connections/connection.entity';
import { PassOutcome, nextBackfillDelayMs } from './backfill-cadence';
import { FacebookFormConnection } from './entities/facebook-form-connection.entity';
import { FacebookLeadAdsError, FacebookLeadAdsException } from './facebook-lead-ads.exception';
import { FACEBOOK_KEY, GraphClient } from './graph.client';
import { BLOCKED_BY_LEADS_ACCESS, FormAccessService } from './inbox/form-access.service';
import { LeadInboxService } from './inbox/lead-inbox.service';
import { LeadInboxWorkerService } from './inbox/lead-inbox-worker.service';
import { LeadImportService } from './lead-import.service';

export interface FormBackfillResult {
  formId: string;
  imported: number;
  /** Another instance holds the lease (or just polled the form), or the account is not connected. */
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
/** Forms one tick polls at most; the rest are still due on the next tick. */
const FORMS_PER_TICK = 200;
/** Refusals that name this form's leads (Leads Access Manager, permissions); a rejected page token names its Page. */
const ACCESS_REFUSALS = new Set<string>([
  FacebookLeadAdsError.MissingPermission,
  FacebookLeadAdsError.FacebookObjectNotFound,
  FacebookLeadAdsError.PageNotFound,
]);

/**
 * Catches leads whose webhook never arrived: each tick polls the connected forms that are due — per
 * form, the leads created since its last complete pass — and imports the missing ones. When a form is
 * due next adapts to its leads, errors and Graph's rate limits (backfill-cadence.ts); a form just
 * connected, unblocked, or whose connection was reconnected is due at once. A lease column makes one
 * instance poll each form. A pass that reads a blocked form again unblocks it and sends its waiting
 * inbox leads at once, so a form that Facebook allows again (Leads Access Manager, a fresh page token)
 * recovers within one pass even if no one saves it again.
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
    private readonly access: FormAccessService,
    private readonly inbox: LeadInboxService,
    private readonly worker: LeadInboxWorkerService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.backfillIntervalSeconds === 0) return;
    // Its period is a setting, so it is registered here rather than with @Interval; @nestjs/schedule
    // stops it with the others when the application shuts down.
    const timer = setInterval(() => void this.poll(), this.settings.backfillIntervalSeconds * 1000);
    this.scheduler.addInterval('facebook-lead-backfill', timer);
  }

  /** Every due form of every account whose Facebook connection is live; one failing form does not stop the rest. */
  async backfillAll(): Promise<BackfillSummary> {
    const now = new Date();
    const rows = await this.forms
      .createQueryBuilder('f')
      .innerJoin(Connection, 'c', 'c.id = f.connection_id')
      .where('c.status = :status AND c.integration_key = :key', { status: 'connected', key: FACEBOOK_KEY })
      .andWhere(
        '(f.backfill_due_at IS NULL OR f.backfill_due_at <= :now OR f.backfill_polled_at IS NULL OR f.backfill_polled_at < c.connected_at)',
        { now },
      )
      .select(['f.id', 'f.backfillDueAt'])
      .orderBy('f.backfill_due_at', 'ASC')
      .limit(FORMS_PER_TICK)
      .getMany();
    const summary: BackfillSummary = { forms: 0, imported: 0, failed: 0 };
    for (const row of rows) {
      try {
        const result = await this.backfillForm(row.id, row.backfillDueAt);
        if (!result.skipped) summary.forms++;
        summary.imported += result.imported;
      } catch (error) {
        summary.failed++;
        this.logger.warn(`Backfill of form connection ${row.id} failed: ${(error as Error).message}`);
      }
    }
    return summary;
  }

  /**
   * One pass over one form, due or not. `seenDueAt` (from a due listing) makes the pass skip a form
   * another instance polled since it was listed.
   */
  async backfillForm(formConnectionId: string, seenDueAt?: Date | null): Promise<FormBackfillResult> {
    const started = new Date();
    if (!(await this.takeLease(formConnectionId, started, seenDueAt))) return { formId: '', imported: 0, skipped: true };
    let scheduled = false;
    try {
      const form = await this.forms.findOneBy({ id: formConnectionId });
      const connection = form && (await this.imports.liveConnection(form));
      if (!form || !connection) return { formId: form?.formId ?? '', imported: 0, skipped: true };
      let imported = 0;
      try {
        const caller = await this.imports.callerFor(form, connection);
        const leads = await this.graph.listLeadsSince(caller, form.formId, form.backfillSince);
        for (const lead of leads) {
          if ((await this.imports.importLead(form, lead.id, lead, caller)) === 'imported') imported++;
        }
        if (form.state === 'blocked') await this.readableAgain(form);
      } catch (error) {
        await this.schedule(form, await this.failedPass(form, error), { backfillPolledAt: started });
        scheduled = true;
        throw error;
      }
      const since = new Date(Math.max(form.backfillSince.getTime(), started.getTime() - OVERLAP_MS));
      const newest = await this.forms.findOne({ where: { id: form.id }, select: { id: true, lastLeadAt: true } });
      await this.schedule(
        form,
        { kind: 'completed', newestLeadAt: newest?.lastLeadAt ?? null },
        {
          backfillPolledAt: started,
          backfillSince: since,
        },
      );
      scheduled = true;
      return { formId: form.formId, imported, skipped: false };
    } finally {
      if (!scheduled) await this.forms.update({ id: formConnectionId }, { backfillLeaseUntil: null });
    }
  }

  /** Facebook hands over the blocked form's leads again: the form is active and its waiting leads go now. */
  private async readableAgain(form: FacebookFormConnection): Promise<void> {
    await this.access.unblock(form);
    if (await this.inbox.retryForm(form.id)) this.worker.wake();
  }

  /** What Facebook's refusal means for the form (and its Page) — as the inbox workers read it — and for its cadence. */
  private async failedPass(form: FacebookFormConnection, error: unknown): Promise<PassOutcome> {
    const code = error instanceof FacebookLeadAdsException ? error.code : null;
    if (code === FacebookLeadAdsError.RateLimited) return { kind: 'rate_limited', strikes: form.backfillFailures + 1 };
    if (code === FacebookLeadAdsError.PageTokenRejected) {
      await this.access.blockPage(form);
      return { kind: 'refused' };
    }
    if (code && ACCESS_REFUSALS.has(code)) {
      await this.access.block(form, BLOCKED_BY_LEADS_ACCESS);
      return { kind: 'refused' };
    }
    return { kind: 'failed', failures: form.backfillFailures + 1 };
  }

  /** Sets when the form is due next and releases its lease; a rate limit pushes every form of the Page out. */
  private async schedule(
    form: FacebookFormConnection,
    outcome: PassOutcome,
    values: Pick<FacebookFormConnection, 'backfillPolledAt'> & Partial<FacebookFormConnection>,
  ): Promise<void> {
    const formsOnPage = await this.forms.countBy({ pageId: form.pageId });
    const now = new Date();
    const dueAt = new Date(now.getTime() + nextBackfillDelayMs(outcome, now, formsOnPage, this.settings.backfillCadence));
    const failures = outcome.kind === 'failed' ? outcome.failures : outcome.kind === 'rate_limited' ? outcome.strikes : 0;
    if (outcome.kind === 'rate_limited') {
      await this.forms
        .createQueryBuilder()
        .update(FacebookFormConnection)
        .set({ backfillDueAt: dueAt, backfillFailures: failures })
        .where('page_id = :page AND (backfill_due_at IS NULL OR backfill_due_at < :dueAt)', { page: form.pageId, dueAt })
        .execute();
    }
    await this.forms.update(
      { id: form.id },
      { ...values, backfillDueAt: dueAt, backfillFailures: failures, backfillLeaseUntil: null },
    );
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

  private async takeLease(formConnectionId: string, now: Date, seenDueAt: Date | null | undefined): Promise<boolean> {
    const claim = this.forms
      .createQueryBuilder()
      .update(FacebookFormConnection)
      .set({ backfillLeaseUntil: new Date(now.getTime() + LEASE_MS) })
      .where('id = :id AND (backfill_lease_until IS NULL OR backfill_lease_until < :now)', { id: formConnectionId, now });
    // Unchanged since the listing: no other instance completed a pass (which always moves the due time).
    if (seenDueAt === null) claim.andWhere('backfill_due_at IS NULL');
    else if (seenDueAt) claim.andWhere('backfill_due_at = :seenDueAt', { seenDueAt });
    return (await claim.execute()).affected === 1;
  }
}
