import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { inRetriedTransaction } from '../common/transactions';
import { ContactsService } from '../contacts/contacts.service';
import { EventType } from '../events/event-type.enum';
import { EventsService } from '../events/events.service';
import { Connection } from '../integrations/connections/connection.entity';
import { ConnectionsService } from '../integrations/connections/connections.service';
import { MetricsService } from '../metrics/metrics.service';
import { FacebookFormConnection } from './entities/facebook-form-connection.entity';
import { FacebookPagesService } from './facebook-pages.service';
import { FACEBOOK_KEY, GraphCaller, GraphClient, GraphLead } from './graph.client';
import { applyMapping, parseMapping } from './lead-mapping';

/** `imported`: a new contact; `duplicate`: already imported; `ignored`: nobody (connected) wants it. */
export type ImportOutcome = 'imported' | 'duplicate' | 'ignored';

/** One `leadgen` change notification. */
export interface LeadNotification {
  pageId: string;
  formId: string;
  leadgenId: string;
}

/**
 * Turns one lead into one contact. The contact's UNIQUE(account, source, external id) is the
 * deduplication: of concurrent deliveries of one lead exactly one inserts (and counts it); the others
 * find the row. Nothing is stored for a form whose account is no longer connected.
 */
@Injectable()
export class LeadImportService {
  constructor(
    @InjectRepository(FacebookFormConnection) private readonly forms: Repository<FacebookFormConnection>,
    private readonly connections: ConnectionsService,
    private readonly contacts: ContactsService,
    private readonly pages: FacebookPagesService,
    private readonly graph: GraphClient,
    private readonly events: EventsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  /** Every account that connected the notified form gets the lead (usually exactly one). */
  async importNotified(notification: LeadNotification): Promise<ImportOutcome[]> {
    const targets = await this.forms.find({ where: { formId: notification.formId, pageId: notification.pageId } });
    const outcomes: ImportOutcome[] = [];
    for (const form of targets) outcomes.push(await this.importLead(form, notification.leadgenId));
    return outcomes.length ? outcomes : ['ignored'];
  }

  /**
   * Imports one lead of a connected form. `known` is the lead as a listing already returned it (the
   * backfill), which saves fetching it again.
   */
  async importLead(
    form: FacebookFormConnection,
    leadgenId: string,
    known?: GraphLead,
    caller?: GraphCaller,
  ): Promise<ImportOutcome> {
    const connection = await this.liveConnection(form);
    if (!connection) return 'ignored';
    if (await this.contacts.exists(form.accountId, FACEBOOK_KEY, leadgenId)) return 'duplicate';
    const lead = known ?? (await this.graph.getLead(caller ?? (await this.callerFor(form, connection)), leadgenId));
    if (lead.form_id && lead.form_id !== form.formId) return 'ignored';
    const fields = applyMapping(parseMapping(form.mapping), lead.field_data ?? []);
    const leadCreatedAt = parseGraphTime(lead.created_time) ?? new Date();
    const { created } = await inRetriedTransaction(this.dataSource, async (manager) => {
      const upserted = await this.contacts.upsertFromSource(
        {
          accountId: form.accountId,
          source: FACEBOOK_KEY,
          externalId: leadgenId,
          ...fields,
          lead: {
            formId: form.formId,
            formName: form.formName,
            pageId: form.pageId,
            answers: lead.field_data ?? [],
            receivedAt: leadCreatedAt,
          },
        },
        manager,
      );
      if (upserted.created) await this.recordImport(manager, form.id, leadCreatedAt);
      // Ids only: the answers stay behind the contacts:read scope.
      await this.events.append(manager, {
        type: EventType.LeadReceived,
        accountId: form.accountId,
        data: {
          contactId: upserted.contact.id,
          created: upserted.created,
          source: FACEBOOK_KEY,
          pageId: form.pageId,
          formId: form.formId,
          adId: lead.ad_id ?? null,
          leadgenId,
        },
      });
      return upserted;
    });
    if (!created) return 'duplicate';
    this.metrics.leadImportLag.observe(Math.max(0, Date.now() - leadCreatedAt.getTime()) / 1000);
    return 'imported';
  }

  /** The account's Facebook connection when it is still the live one this form belongs to. */
  async liveConnection(form: FacebookFormConnection): Promise<Connection | null> {
    const connection = await this.connections.find(form.accountId, FACEBOOK_KEY);
    return connection && connection.status === 'connected' && connection.id === form.connectionId ? connection : null;
  }

  callerFor(form: FacebookFormConnection, connection: Connection): Promise<GraphCaller> {
    return this.pages.pageCaller(form.accountId, connection, form.pageId);
  }

  /** One atomic statement, so concurrent imports never lose a count; it commits with the contact. */
  private async recordImport(manager: EntityManager, formConnectionId: string, leadCreatedAt: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(FacebookFormConnection)
      .set({
        leadsImported: () => 'leads_imported + 1',
        lastLeadAt: () => 'CASE WHEN last_lead_at IS NULL OR last_lead_at < :leadAt THEN :leadAt ELSE last_lead_at END',
        updatedAt: new Date(),
      })
      .where('id = :id', { id: formConnectionId })
      .setParameter('leadAt', leadCreatedAt)
      .execute();
  }
}

/** Graph times look like 2024-05-01T10:00:00+0000. */
export function parseGraphTime(value: string | undefined): Date | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}
