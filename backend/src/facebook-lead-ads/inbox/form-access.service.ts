import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { inTransaction } from '../../common/transactions';
import { ConnectionHealthService } from '../../integrations/connections/connection-health.service';
import { FacebookFormConnection, FormConnectionState } from '../entities/facebook-form-connection.entity';
import { FACEBOOK_KEY } from '../graph.client';

/** Plain words for the form card: what Facebook refused and what the admin can do about it. */
export const BLOCKED_BY_LEADS_ACCESS =
  'Facebook refuses to hand over this form’s leads to Aurora Inbox. In Meta Business Suite open Leads Access Manager (Business settings → Integrations → Leads Access), assign Aurora Inbox as CRM for this Page, and make sure the person who connected has a lead access role. Waiting leads are imported as soon as Facebook allows it.';
export const BLOCKED_BY_PAGE_TOKEN =
  'Facebook no longer accepts Aurora Inbox’s access to this Page (the Page’s admin may have changed or removed the app). Make sure the person who connected Facebook is still an admin of the Page and allows Aurora Inbox, then open this panel again: it reloads the Pages, and waiting leads are imported.';

/**
 * A form connection's `state`: `blocked` while Facebook refuses its leads, `active` again once a lead
 * is read. Each change is audited; the connection's health is degraded while any of its forms is blocked
 * (ConnectionHealthService turns that into `connection.health_changed`).
 */
@Injectable()
export class FormAccessService {
  private readonly logger = new Logger(FormAccessService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly health: ConnectionHealthService,
  ) {}

  block(form: FacebookFormConnection, reason: string): Promise<boolean> {
    return this.change(form, 'blocked', reason);
  }

  /** A rejected page token concerns every form of that Page in the account, and only those. */
  async blockPage(form: FacebookFormConnection): Promise<void> {
    const siblings = await this.dataSource
      .getRepository(FacebookFormConnection)
      .find({ where: { accountId: form.accountId, pageId: form.pageId } });
    for (const sibling of siblings) await this.block(sibling, BLOCKED_BY_PAGE_TOKEN);
    form.state = 'blocked';
    form.stateReason = BLOCKED_BY_PAGE_TOKEN;
  }

  unblock(form: FacebookFormConnection): Promise<boolean> {
    return this.change(form, 'active', null);
  }

  /** Only a real change writes anything, so a thousand refused leads block the form once. */
  private async change(form: FacebookFormConnection, state: FormConnectionState, reason: string | null): Promise<boolean> {
    const changed = await this.write(form, state, reason);
    if (changed) await this.reportHealth(form);
    return changed;
  }

  /** Degraded while any form of the connection is blocked (the first one's reason); healthy once none is. */
  private async reportHealth(form: FacebookFormConnection): Promise<void> {
    const blocked = await this.dataSource.getRepository(FacebookFormConnection).findOne({
      where: { accountId: form.accountId, connectionId: form.connectionId, state: 'blocked' },
      order: { stateChangedAt: 'ASC' },
    });
    await this.health.report(
      form.accountId,
      FACEBOOK_KEY,
      blocked
        ? { state: 'degraded', reason: `Lead form “${blocked.formName}”: ${blocked.stateReason ?? BLOCKED_BY_LEADS_ACCESS}` }
        : { state: 'healthy' },
    );
  }

  private write(form: FacebookFormConnection, state: FormConnectionState, reason: string | null): Promise<boolean> {
    return inTransaction(this.dataSource, async (manager) => {
      const now = new Date();
      const updated = await manager
        .getRepository(FacebookFormConnection)
        .createQueryBuilder()
        .update()
        // A form readable again is due a backfill pass at once: leads may have been missed meanwhile.
        .set({
          state,
          stateReason: reason,
          stateChangedAt: now,
          updatedAt: now,
          ...(state === 'active' ? { backfillDueAt: null } : {}),
        })
        .where('id = :id AND state <> :state', { id: form.id, state })
        .execute();
      if (!updated.affected) return false;
      form.state = state;
      form.stateReason = reason;
      this.logger.warn(`Lead form ${form.formId} of account ${form.accountId} is now ${state}${reason ? `: ${reason}` : ''}`);
      await this.audit.record(
        {
          accountId: form.accountId,
          integrationKey: FACEBOOK_KEY,
          type: state === 'blocked' ? AuditEventType.FormBlocked : AuditEventType.FormUnblocked,
          detail: `Lead form “${form.formName}” (${form.formId}) ${state === 'blocked' ? `blocked: ${reason}` : 'can be read again'}`,
        },
        manager,
      );
      return true;
    });
  }
}
