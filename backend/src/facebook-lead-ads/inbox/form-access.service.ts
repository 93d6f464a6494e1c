import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { inTransaction } from '../../common/transactions';
import { EventType } from '../../events/event-type.enum';
import { EventsService } from '../../events/events.service';
import { FacebookFormConnection, FormConnectionState } from '../entities/facebook-form-connection.entity';
import { FACEBOOK_KEY } from '../graph.client';

/** Plain words for the form card: what Facebook refused and what the admin can do about it. */
export const BLOCKED_BY_LEADS_ACCESS =
  'Facebook refuses to hand over this form’s leads to Aurora Inbox. In Meta Business Suite open Leads Access Manager (Business settings → Integrations → Leads Access), assign Aurora Inbox as CRM for this Page, and make sure the person who connected has a lead access role. Waiting leads are imported as soon as Facebook allows it.';
export const BLOCKED_BY_PAGE_TOKEN =
  'Facebook no longer accepts Aurora Inbox’s access to this Page (the Page’s admin may have changed or removed the app). Reconnect Facebook as an admin of the Page. Waiting leads are imported after the reconnect.';

/**
 * A form connection's `state`: `blocked` while Facebook refuses its leads, `active` again once a lead
 * is read. Each change is audited and reported as a `connection.health_changed` degradation in the
 * same transaction.
 */
@Injectable()
export class FormAccessService {
  private readonly logger = new Logger(FormAccessService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  block(form: FacebookFormConnection, reason: string): Promise<boolean> {
    return this.change(form, 'blocked', reason);
  }

  unblock(form: FacebookFormConnection): Promise<boolean> {
    return this.change(form, 'active', null);
  }

  /** Only a real change writes anything, so a thousand refused leads block the form once. */
  private async change(form: FacebookFormConnection, state: FormConnectionState, reason: string | null): Promise<boolean> {
    return inTransaction(this.dataSource, async (manager) => {
      const now = new Date();
      const updated = await manager
        .getRepository(FacebookFormConnection)
        .createQueryBuilder()
        .update()
        .set({ state, stateReason: reason, stateChangedAt: now, updatedAt: now })
        .where('id = :id AND state <> :state', { id: form.id, state })
        .execute();
      if (!updated.affected) return false;
      const previousState = state === 'blocked' ? 'active' : 'blocked';
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
      await reportFormHealth(this.events, manager, form, previousState, reason);
      return true;
    });
  }
}

/**
 * The degradation as `connection.health_changed`. Stands in for helper "health"'s
 * `ConnectionHealthService.report(...)`: re-point this one function once that lands.
 */
async function reportFormHealth(
  events: EventsService,
  manager: EntityManager,
  form: FacebookFormConnection,
  previousState: FormConnectionState,
  reason: string | null,
): Promise<void> {
  await events.append(manager, {
    type: EventType.ConnectionHealthChanged,
    accountId: form.accountId,
    data: {
      integrationKey: FACEBOOK_KEY,
      state: form.state === 'blocked' ? 'degraded' : 'healthy',
      previousState: previousState === 'blocked' ? 'degraded' : 'healthy',
      reason: reason ?? `Lead form ${form.formId} can be read again.`,
      formId: form.formId,
      pageId: form.pageId,
    },
  });
}
