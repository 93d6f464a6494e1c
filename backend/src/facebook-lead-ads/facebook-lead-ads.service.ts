import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { insertOrElse } from '../common/database-errors';
import { inRetriedTransaction, inTransaction } from '../common/transactions';
import { EventType } from '../events/event-type.enum';
import { EventsService } from '../events/events.service';
import { facebookLeadAdsProvider } from '../integrations/catalog/facebook-lead-ads.provider';
import { Connection } from '../integrations/connections/connection.entity';
import { ConnectionsService } from '../integrations/connections/connections.service';
import {
  FacebookPageResponse,
  FacebookPermissionsResponse,
  FormConnectionResponse,
  LeadFormResponse,
  LeadAdsAccessResponse,
  toAccessResponse,
  toFormConnectionResponse,
  toLeadFormResponse,
  toPageResponse,
} from './dto/facebook-lead-ads.response';
import { SaveFormConnectionDto } from './dto/save-form-connection.dto';
import { FacebookFormConnection } from './entities/facebook-form-connection.entity';
import { FacebookLeadAdsError, FacebookLeadAdsException } from './facebook-lead-ads.exception';
import { FacebookPagesService } from './facebook-pages.service';
import { FACEBOOK_KEY, GraphClient, isGraphId } from './graph.client';
import { BLOCKED_BY_PAGE_TOKEN } from './inbox/form-access.service';
import { LeadInboxService } from './inbox/lead-inbox.service';
import { LeadInboxWorkerService } from './inbox/lead-inbox-worker.service';
import { duplicateTarget } from './lead-mapping';
import { UserTokenAccessService } from './user-token-access.service';

/** What a Channels Administrator configures: which lead forms of which Page feed contacts, and how. */
@Injectable()
export class FacebookLeadAdsService {
  private readonly logger = new Logger(FacebookLeadAdsService.name);

  constructor(
    @InjectRepository(FacebookFormConnection) private readonly forms: Repository<FacebookFormConnection>,
    private readonly pages: FacebookPagesService,
    private readonly connections: ConnectionsService,
    private readonly graph: GraphClient,
    private readonly events: EventsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inbox: LeadInboxService,
    private readonly worker: LeadInboxWorkerService,
    private readonly userToken: UserTokenAccessService,
  ) {}

  /** Lists the Pages at Facebook, which also stores fresh page tokens (see {@link retryRejectedPages}). */
  async listPages(accountId: string): Promise<FacebookPageResponse[]> {
    const connection = await this.requireUsableConnection(accountId);
    const pages = await this.pages.refresh(accountId, connection);
    await this.retryRejectedPages(
      accountId,
      pages.filter((page) => page.access_token).map((page) => page.id),
    );
    return pages.map(toPageResponse);
  }

  /**
   * Forms blocked because Facebook rejected their Page's token get another try with the token just
   * listed: their waiting leads are due now and the backfill polls them on its next tick.
   */
  private async retryRejectedPages(accountId: string, pageIds: string[]): Promise<void> {
    if (pageIds.length === 0) return;
    const rejected = await this.forms.find({
      where: { accountId, pageId: In(pageIds), state: 'blocked', stateReason: BLOCKED_BY_PAGE_TOKEN },
    });
    let waiting = 0;
    for (const form of rejected) {
      await this.forms.update({ id: form.id }, { backfillDueAt: null });
      waiting += await this.inbox.retryForm(form.id);
    }
    if (waiting) this.worker.wake();
  }

  /** Which of the permissions Aurora asks for the user granted, and which they declined in the dialog. */
  async permissions(accountId: string): Promise<FacebookPermissionsResponse> {
    await this.requireUsableConnection(accountId);
    const listed = await this.graph.listPermissions(await this.pages.userCaller(accountId));
    const granted = new Set(listed.filter((entry) => entry.status === 'granted').map((entry) => entry.permission));
    return {
      granted: [...granted].sort(),
      declined: facebookLeadAdsProvider.scopes.filter((scope) => !granted.has(scope)),
    };
  }

  async listForms(accountId: string, pageId: string): Promise<LeadFormResponse[]> {
    const connection = await this.requireUsableConnection(accountId);
    const caller = await this.pages.pageCaller(accountId, connection, pageId);
    return (await this.graph.listForms(caller, pageId)).map(toLeadFormResponse);
  }

  async listFormConnections(accountId: string): Promise<FormConnectionResponse[]> {
    await this.requireConnection(accountId);
    const [rows, pageNames, waiting] = await Promise.all([
      this.forms.find({ where: { accountId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.pages.names(accountId),
      this.inbox.waitingByForm(accountId),
    ]);
    return rows.map((row) => toFormConnectionResponse(row, pageNames.get(row.pageId) ?? null, waiting.get(row.id) ?? 0));
  }

  /** What the connected Facebook user's token still allows (the panel's notice). */
  async access(accountId: string): Promise<LeadAdsAccessResponse> {
    return toAccessResponse(await this.userToken.describe(await this.requireConnection(accountId)));
  }

  /**
   * Checks the form against Facebook (it must belong to the Page, every mapped key must be one of its
   * questions), subscribes the Page to `leadgen` webhooks, then saves. Saving again updates the mapping
   * and keeps the counters.
   */
  async saveFormConnection(accountId: string, formId: string, input: SaveFormConnectionDto): Promise<FormConnectionResponse> {
    const connection = await this.requireUsableConnection(accountId);
    const caller = await this.pages.pageCaller(accountId, connection, input.pageId);
    const form = isGraphId(formId) ? (await this.graph.listForms(caller, input.pageId)).find((f) => f.id === formId) : undefined;
    if (!form) throw new FacebookLeadAdsException(FacebookLeadAdsError.FormNotFound);
    const questionKeys = new Set((form.questions ?? []).map((q) => q.key));
    const unknown = Object.keys(input.mapping).find((key) => !questionKeys.has(key));
    if (unknown !== undefined) {
      throw new FacebookLeadAdsException(
        FacebookLeadAdsError.InvalidMapping,
        `mapping.${unknown} is not a question of this form.`,
      );
    }
    const duplicate = duplicateTarget(input.mapping);
    if (duplicate) {
      throw new FacebookLeadAdsException(
        FacebookLeadAdsError.InvalidMapping,
        `mapping sends two questions to ${duplicate}; map each field once.`,
      );
    }

    await this.graph.subscribeLeadgen(caller, input.pageId);

    const now = new Date();
    const values = {
      connectionId: connection.id,
      pageId: input.pageId,
      formName: (input.formName?.trim() || form.name || form.id).slice(0, 255),
      mapping: JSON.stringify(input.mapping),
      // Saved or saved again (often after fixing access at Facebook): the backfill polls it on its next tick.
      backfillDueAt: null,
      updatedAt: now,
    };
    const pageName = (await this.pages.find(accountId, input.pageId))?.name ?? null;
    const row = await inRetriedTransaction(this.dataSource, async (manager) => {
      const repository = manager.getRepository(FacebookFormConnection);
      await insertOrElse(
        () =>
          repository.insert({
            id: randomUUID(),
            accountId,
            formId,
            ...values,
            leadsImported: 0,
            lastLeadAt: null,
            // Only leads from now on: the backfill catches missed webhooks, it does not import history.
            backfillSince: now,
            backfillLeaseUntil: null,
            createdAt: now,
          }),
        () => repository.update({ accountId, formId }, values),
      );
      const saved = await repository.findOneByOrFail({ accountId, formId });
      await this.recordFormEvent(manager, EventType.FormConnectionSaved, saved, pageName);
      return saved;
    });
    // Saving again is what an admin does after fixing access at Facebook: its waiting leads go now.
    const waiting = await this.inbox.retryForm(row.id);
    if (waiting) this.worker.wake();
    return toFormConnectionResponse(row, pageName, waiting);
  }

  /** Stops importing the form; the Page's subscription ends with its last connected form (best effort). */
  async removeFormConnection(accountId: string, formId: string): Promise<void> {
    const connection = await this.requireConnection(accountId);
    const row = await this.forms.findOne({ where: { accountId, formId } });
    if (!row) throw new FacebookLeadAdsException(FacebookLeadAdsError.FormConnectionNotFound);
    const pageName = (await this.pages.find(accountId, row.pageId))?.name ?? null;
    await inTransaction(this.dataSource, async (manager) => {
      const result = await manager.getRepository(FacebookFormConnection).delete({ id: row.id });
      if (!result.affected) throw new FacebookLeadAdsException(FacebookLeadAdsError.FormConnectionNotFound);
      await this.recordFormEvent(manager, EventType.FormConnectionRemoved, row, pageName);
    });
    if (connection.status !== 'connected' || (await this.forms.count({ where: { pageId: row.pageId } })) > 0) return;
    try {
      await this.graph.unsubscribeLeadgen(await this.pages.pageCaller(accountId, connection, row.pageId), row.pageId);
    } catch (error) {
      // The form is no longer imported either way; a stale subscription only sends webhooks we ignore.
      this.logger.warn(`Could not unsubscribe page ${row.pageId} from leadgen: ${(error as Error).message}`);
    }
  }

  private async recordFormEvent(
    manager: EntityManager,
    type: EventType.FormConnectionSaved | EventType.FormConnectionRemoved,
    form: FacebookFormConnection,
    pageName: string | null,
  ): Promise<void> {
    await this.events.append(manager, {
      type,
      accountId: form.accountId,
      data: { integrationKey: FACEBOOK_KEY, pageId: form.pageId, pageName, formId: form.formId, formName: form.formName },
    });
  }

  private async requireConnection(accountId: string): Promise<Connection> {
    const connection = await this.connections.find(accountId, FACEBOOK_KEY);
    if (!connection) throw new FacebookLeadAdsException(FacebookLeadAdsError.NotConnected);
    return connection;
  }

  private async requireUsableConnection(accountId: string): Promise<Connection> {
    const connection = await this.requireConnection(accountId);
    if (connection.status === 'reauth_required') throw new FacebookLeadAdsException(FacebookLeadAdsError.ReauthRequired);
    return connection;
  }
}
