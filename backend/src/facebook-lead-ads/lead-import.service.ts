import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { inRetriedTransaction } from '../common/transactions';
import { ContactsService } from '../contacts/contacts.service';
import { EventType } from '../events/event-type.enum';
import { EventsService, type NewEvent } from '../events/events.service';
import type { LeadDetails } from '../contacts/lead-details';
import { Connection } from '../integrations/connections/connection.entity';
import { ConnectionsService } from '../integrations/connections/connections.service';
import { MetricsService } from '../metrics/metrics.service';
import { FacebookFormConnection } from './entities/facebook-form-connection.entity';
import { FacebookSettings, facebookConfig } from './facebook.config';
import { FacebookPagesService } from './facebook-pages.service';
import { FACEBOOK_KEY, GraphCaller, GraphClient, GraphLead } from './graph.client';
import { toLeadDetails } from './lead-details';
import { applyMapping, parseMapping } from './lead-mapping';

/** `imported`: a new contact; `duplicate`: already imported; `ignored`: nobody (connected) wants it. */
export type ImportOutcome = 'imported' | 'duplicate' | 'ignored';

/** What one lead of a batch came to: an outcome, or what stopped it (Graph refused that lead, the write failed). */
export type BatchOutcome =
  { leadgenId: string; outcome: ImportOutcome; error?: undefined } | { leadgenId: string; outcome?: undefined; error: unknown };

interface PreparedLead {
  leadgenId: string;
  lead: GraphLead;
  fields: ReturnType<typeof applyMapping>;
  leadCreatedAt: Date;
  details: LeadDetails;
}

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
  private readonly logger = new Logger(LeadImportService.name);

  constructor(
    @InjectRepository(FacebookFormConnection) private readonly forms: Repository<FacebookFormConnection>,
    private readonly connections: ConnectionsService,
    private readonly contacts: ContactsService,
    private readonly pages: FacebookPagesService,
    private readonly graph: GraphClient,
    private readonly events: EventsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    @Inject(facebookConfig.KEY) private readonly settings: FacebookSettings,
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
    const [outcome] = await this.write(form, [this.prepare(form, leadgenId, lead)]);
    return outcome!;
  }

  /**
   * Imports the leads of one form that one inbox claim took: the ones not imported yet are read with
   * Graph's Batch API (each answered on its own) and written in one transaction. Should that
   * transaction fail, each lead is written on its own, so one bad row costs only itself; the contact's
   * UNIQUE key keeps every lead imported exactly once either way.
   */
  async importBatch(form: FacebookFormConnection, leadgenIds: readonly string[], caller: GraphCaller): Promise<BatchOutcome[]> {
    if (!(await this.liveConnection(form))) return leadgenIds.map((leadgenId) => ({ leadgenId, outcome: 'ignored' as const }));
    const imported = await this.contacts.existingExternalIds(form.accountId, FACEBOOK_KEY, leadgenIds);
    const outcomes: BatchOutcome[] = [...imported].map((leadgenId) => ({ leadgenId, outcome: 'duplicate' }));
    const reads = await this.graph.getLeads(
      caller,
      leadgenIds.filter((id) => !imported.has(id)),
    );
    const fetched: PreparedLead[] = [];
    for (const read of reads) {
      if (read.error) outcomes.push({ leadgenId: read.id, error: read.error });
      else if (read.lead.form_id && read.lead.form_id !== form.formId) outcomes.push({ leadgenId: read.id, outcome: 'ignored' });
      else fetched.push(this.prepare(form, read.id, read.lead));
    }
    if (fetched.length === 0) return outcomes;
    try {
      const written = await this.write(form, fetched);
      return [...outcomes, ...fetched.map((lead, index) => ({ leadgenId: lead.leadgenId, outcome: written[index]! }))];
    } catch (error) {
      this.logger.warn(
        `Writing ${fetched.length} leads of form ${form.formId} together failed; writing each: ${(error as Error).message}`,
      );
    }
    for (const lead of fetched) {
      try {
        outcomes.push({ leadgenId: lead.leadgenId, outcome: await this.importLead(form, lead.leadgenId, lead.lead, caller) });
      } catch (error) {
        outcomes.push({ leadgenId: lead.leadgenId, error });
      }
    }
    return outcomes;
  }

  private prepare(form: FacebookFormConnection, leadgenId: string, lead: GraphLead): PreparedLead {
    const leadCreatedAt = parseGraphTime(lead.created_time) ?? new Date();
    const details = toLeadDetails(form, lead, leadCreatedAt);
    return { leadgenId, lead, fields: applyMapping(parseMapping(form.mapping), lead.field_data ?? []), leadCreatedAt, details };
  }

  /** Contacts, lead records, the form's counters and the `lead.received` events of `leads`, in one transaction. */
  private async write(form: FacebookFormConnection, leads: PreparedLead[]): Promise<ImportOutcome[]> {
    const created = await inRetriedTransaction(this.dataSource, async (manager) => {
      const events: NewEvent[] = [];
      const outcomes: boolean[] = [];
      for (const { leadgenId, lead, fields, details } of leads) {
        // Both callers have just looked the leads up (`exists`, `existingExternalIds`).
        const upserted = await this.contacts.upsertFromSource(
          { accountId: form.accountId, source: FACEBOOK_KEY, externalId: leadgenId, ...fields, lead: details },
          manager,
          { checkedNew: true },
        );
        outcomes.push(upserted.created);
        // Leads from Meta's testing tool are kept (flagged) but only reach services when asked to.
        if (details.isTest && !this.settings.testLeadsToServices) continue;
        // Ids only: the answers stay behind the contacts:read scope.
        events.push({
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
            platform: details.platform ?? null,
            isTest: details.isTest ?? false,
          },
        });
      }
      const createdLeads = leads.filter((_, index) => outcomes[index]);
      if (createdLeads.length) await this.recordImports(manager, form.id, createdLeads);
      await this.events.append(manager, ...events);
      return outcomes;
    });
    return leads.map((lead, index) => {
      if (!created[index]) return 'duplicate';
      this.metrics.leadImportLag.observe(Math.max(0, Date.now() - lead.leadCreatedAt.getTime()) / 1000);
      return 'imported';
    });
  }

  /** The account's Facebook connection when it is still the live one this form belongs to. */
  async liveConnection(form: FacebookFormConnection): Promise<Connection | null> {
    const connection = await this.connections.find(form.accountId, FACEBOOK_KEY);
    return connection && connection.status === 'connected' && connection.id === form.connectionId ? connection : null;
  }

  callerFor(form: FacebookFormConnection, connection: Connection): Promise<GraphCaller> {
    return this.pages.pageCaller(form.accountId, connection, form.pageId);
  }

  /** One atomic statement, so concurrent imports never lose a count; it commits with the contacts. */
  private async recordImports(manager: EntityManager, formConnectionId: string, created: PreparedLead[]): Promise<void> {
    const newest = new Date(Math.max(...created.map((lead) => lead.leadCreatedAt.getTime())));
    await manager
      .createQueryBuilder()
      .update(FacebookFormConnection)
      .set({
        leadsImported: () => 'leads_imported + :imported',
        lastLeadAt: () => 'CASE WHEN last_lead_at IS NULL OR last_lead_at < :leadAt THEN :leadAt ELSE last_lead_at END',
        updatedAt: new Date(),
      })
      .where('id = :id', { id: formConnectionId })
      .setParameter('leadAt', newest)
      .setParameter('imported', created.length)
      .execute();
  }
}

/** Graph times look like 2024-05-01T10:00:00+0000. */
export function parseGraphTime(value: string | undefined): Date | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}
