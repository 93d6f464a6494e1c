import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { inRetriedTransaction } from '../../common/transactions';
import { MetricsService } from '../../metrics/metrics.service';
import { FacebookFormConnection } from '../entities/facebook-form-connection.entity';
import { LeadInboxEntry } from '../entities/lead-inbox-entry.entity';
import { FacebookSettings, facebookConfig } from '../facebook.config';
import type { LeadNotification } from '../lead-import.service';

export interface IntakeReceipt {
  /** leadgen changes in the notification. */
  leads: number;
  /** Rows the inbox holds for them now (one per connected account; retries of a stored lead count too). */
  accepted: number;
  /** Changes of forms no account connected. */
  ignored: number;
}

/** Rows per INSERT: Meta sends at most 1,000 changes, so a batch is one statement; the bound keeps SQLite's variable limit far away. */
const INSERT_CHUNK = 1000;

/**
 * The durable Lead Ads inbox (DESIGN §8). The account of a lead is resolved at intake from the connected
 * forms — the only owner a lead can have — so each row is unique per (account, leadgen id) and a
 * redelivery is a no-op (INSERT IGNORE / ON CONFLICT DO NOTHING). Rows are never deleted unimported.
 */
@Injectable()
export class LeadInboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(facebookConfig.KEY) private readonly settings: FacebookSettings,
    metrics: MetricsService,
  ) {
    metrics.registerDatabaseGauge({
      name: 'aurora_lead_inbox_depth',
      help: 'Leads waiting in the inbox to be imported',
      collect: async () => [{ value: (await this.pendingStats()).depth }],
    });
    metrics.registerDatabaseGauge({
      name: 'aurora_lead_inbox_oldest_age_seconds',
      help: 'Age of the oldest lead waiting in the inbox (0 when it is empty)',
      collect: async () => [{ value: (await this.pendingStats()).oldestAgeSeconds }],
    });
  }

  /** Stores every change for every account that connected its form, in one transaction. */
  async intake(notifications: LeadNotification[]): Promise<IntakeReceipt> {
    const formIds = [...new Set(notifications.map((n) => n.formId))];
    const forms = formIds.length
      ? await this.dataSource.getRepository(FacebookFormConnection).find({
          where: { formId: In(formIds) },
          select: { id: true, accountId: true, pageId: true, formId: true },
        })
      : [];
    const byForm = new Map<string, FacebookFormConnection[]>();
    for (const form of forms) byForm.set(form.formId, [...(byForm.get(form.formId) ?? []), form]);
    const now = new Date();
    const rows = new Map<string, Partial<LeadInboxEntry>>();
    let ignored = 0;
    for (const notification of notifications) {
      const targets = (byForm.get(notification.formId) ?? []).filter((form) => form.pageId === notification.pageId);
      if (targets.length === 0) ignored++;
      for (const form of targets) {
        rows.set(`${form.accountId}:${notification.leadgenId}`, {
          id: randomUUID(),
          accountId: form.accountId,
          formConnectionId: form.id,
          pageId: notification.pageId,
          formId: notification.formId,
          leadgenId: notification.leadgenId,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          receivedAt: now,
        });
      }
    }
    const values = [...rows.values()];
    if (values.length) {
      // InnoDB may make this insert the victim of a deadlock with a claim's next-key locks on the due
      // index; INSERT IGNORE of the same rows is safe to run again, and Facebook is answered 200 after all.
      await inRetriedTransaction(this.dataSource, async (manager) => {
        for (let i = 0; i < values.length; i += INSERT_CHUNK) {
          await manager
            .createQueryBuilder()
            .insert()
            .into(LeadInboxEntry)
            .values(values.slice(i, i + INSERT_CHUNK))
            .orIgnore()
            .updateEntity(false)
            .execute();
        }
      });
    }
    return { leads: notifications.length, accepted: values.length, ignored };
  }

  /** Claims up to `limit` due rows for `owner` (MySQL: `FOR UPDATE SKIP LOCKED`; SQLite: the conditional update is the claim). */
  async claimDue(owner: string, limit: number, skipPages: string[] = []): Promise<LeadInboxEntry[]> {
    const now = new Date();
    return inRetriedTransaction(this.dataSource, async (manager) => {
      const due = manager
        .getRepository(LeadInboxEntry)
        .createQueryBuilder('e')
        .select('e.id', 'id')
        .where(`e.status = 'pending' AND e.next_attempt_at <= :now`, { now })
        .andWhere('(e.lease_until IS NULL OR e.lease_until < :now)', { now })
        .orderBy('e.next_attempt_at', 'ASC')
        .limit(limit);
      if (skipPages.length) due.andWhere('e.page_id NOT IN (:...skipPages)', { skipPages });
      if (this.dataSource.options.type === 'mysql') due.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await due.getRawMany<{ id: string }>()).map((row) => row.id);
      if (ids.length === 0) return [];
      await manager
        .createQueryBuilder()
        .update(LeadInboxEntry)
        .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + this.settings.inboxLeaseSeconds * 1000) })
        .where('id IN (:...ids) AND (lease_until IS NULL OR lease_until < :now)', { ids, now })
        .execute();
      return manager.getRepository(LeadInboxEntry).find({ where: { id: In(ids), leaseOwner: owner } });
    });
  }

  /** One statement for a chunk's imported rows (only those this owner still holds). */
  async markAllImported(entries: LeadInboxEntry[], owner: string): Promise<void> {
    await this.settleAll(entries, owner, { status: 'imported', importedAt: new Date(), lastError: null });
  }

  async discardAll(entries: LeadInboxEntry[], owner: string, reason: string): Promise<void> {
    await this.settleAll(entries, owner, { status: 'discarded', lastError: reason.slice(0, 500) });
  }

  /** Kept, with the reason, but no longer retried (its form was disconnected, or the lead is another form's). */
  async discard(entry: LeadInboxEntry, owner: string, reason: string): Promise<void> {
    await this.settle(entry, owner, { status: 'discarded', lastError: reason.slice(0, 500) });
  }

  /** Back to pending, due again after `delayMs`. */
  async retryLater(entry: LeadInboxEntry, owner: string, delayMs: number, reason: string): Promise<void> {
    await this.settle(entry, owner, {
      attempts: entry.attempts + 1,
      nextAttemptAt: new Date(Date.now() + delayMs),
      lastError: reason.slice(0, 500),
    });
  }

  /** The form's waiting leads are due now (it was saved again, e.g. after access was granted). */
  async retryForm(formConnectionId: string): Promise<number> {
    const result = await this.dataSource
      .getRepository(LeadInboxEntry)
      .update({ formConnectionId, status: 'pending' }, { nextAttemptAt: new Date() });
    return result.affected ?? 0;
  }

  /** Pending rows per form connection of the account. */
  async waitingByForm(accountId: string): Promise<Map<string, number>> {
    const rows = await this.dataSource
      .getRepository(LeadInboxEntry)
      .createQueryBuilder('e')
      .select('e.form_connection_id', 'form')
      .addSelect('COUNT(*)', 'n')
      .where(`e.account_id = :accountId AND e.status = 'pending'`, { accountId })
      .groupBy('e.form_connection_id')
      .getRawMany<{ form: string; n: string | number }>();
    return new Map(rows.map((row) => [row.form, Number(row.n)]));
  }

  async pendingStats(): Promise<{ depth: number; oldestAgeSeconds: number }> {
    const [row] = await this.dataSource.query<{ n: number | string; oldest: string | Date | null }[]>(
      `SELECT COUNT(*) AS n, MIN(received_at) AS oldest FROM lead_inbox WHERE status = 'pending'`,
    );
    const oldest = row?.oldest ? parseDbTime(row.oldest) : null;
    return {
      depth: Number(row?.n ?? 0),
      oldestAgeSeconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0,
    };
  }

  private async settleAll(entries: LeadInboxEntry[], owner: string, values: Partial<LeadInboxEntry>): Promise<void> {
    if (entries.length === 0) return;
    await this.dataSource
      .getRepository(LeadInboxEntry)
      .update({ id: In(entries.map((entry) => entry.id)), leaseOwner: owner }, { ...values, leaseOwner: null, leaseUntil: null });
  }

  private async settle(entry: LeadInboxEntry, owner: string, values: Partial<LeadInboxEntry>): Promise<void> {
    await this.dataSource
      .getRepository(LeadInboxEntry)
      .update({ id: entry.id, leaseOwner: owner }, { ...values, leaseOwner: null, leaseUntil: null });
  }
}

/** Raw queries return SQLite datetimes as UTC text without a zone, MySQL's as Dates. */
function parseDbTime(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
