import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditEventType } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { UserCaller } from '../auth/auth-user';
import { inTransaction } from '../common/transactions';
import { TOKEN_CIPHER } from '../integrations/connections/token-cipher.provider';
import { TokenCipher } from '../integrations/connections/token-cipher';
import { webhooksConfig } from './webhooks.config';
import { AddressRefusedError, resolveTarget, urlProblem } from './delivery/address-policy';
import { DeliveryOutboxService, WEBHOOKS_AUDIT_KEY } from './delivery/delivery-outbox.service';
import { newSigningSecret } from './delivery/message-signer';
import { sealSigningSecret } from './delivery/signing-secret-seal';
import { newMessageId, TEST_MESSAGE_TYPE, testPayload } from './delivery/webhook-message';
import { CreateWebhookEndpointDto, UpdateWebhookEndpointDto } from './dto/webhook-endpoint.dto';
import {
  CreatedWebhookEndpointResponse,
  toWebhookDeliveryResponse,
  toWebhookEndpointResponse,
  WebhookDeliveryResponse,
  WebhookEndpointResponse,
} from './dto/webhook-endpoint.response';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhookError, WebhookException } from './webhooks.exception';

/** The old secret keeps signing this long after a rotation, so receivers can switch without losing messages. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;
const DELIVERIES_SHOWN = 50;

/** What a Channels Administrator manages on the Webhooks settings page, always within their own account. */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(webhooksConfig.KEY) private readonly settings: ConfigType<typeof webhooksConfig>,
    private readonly outbox: DeliveryOutboxService,
    private readonly audit: AuditService,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
  ) {}

  async list(accountId: string): Promise<WebhookEndpointResponse[]> {
    const rows = await this.endpoints.find({ where: { accountId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toWebhookEndpointResponse);
  }

  async create(caller: UserCaller, input: CreateWebhookEndpointDto): Promise<CreatedWebhookEndpointResponse> {
    await this.assertAllowedUrl(input.url);
    const now = new Date();
    const secret = newSigningSecret();
    const id = randomUUID();
    const endpoint: WebhookEndpoint = {
      id,
      accountId: caller.accountId,
      url: input.url,
      eventTypes: JSON.stringify(input.eventTypes ?? []),
      enabled: true,
      disabledReason: null,
      secret: sealSigningSecret(this.cipher, { id, accountId: caller.accountId }, secret),
      previousSecret: null,
      previousSecretUntil: null,
      secretRotatedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await inTransaction(this.dataSource, async (manager) => {
      await manager.getRepository(WebhookEndpoint).insert(endpoint);
      await this.record(caller, AuditEventType.WebhookEndpointCreated, endpoint, manager);
    });
    return { endpoint: toWebhookEndpointResponse(endpoint), secret };
  }

  async update(caller: UserCaller, id: string, input: UpdateWebhookEndpointDto): Promise<WebhookEndpointResponse> {
    const endpoint = await this.find(caller.accountId, id);
    if (input.url !== undefined) await this.assertAllowedUrl(input.url);
    const changes: Partial<WebhookEndpoint> = { updatedAt: new Date() };
    if (input.url !== undefined) changes.url = input.url;
    if (input.eventTypes !== undefined) changes.eventTypes = JSON.stringify(input.eventTypes);
    if (input.enabled !== undefined) {
      changes.enabled = input.enabled;
      changes.disabledReason = null;
    }
    await inTransaction(this.dataSource, async (manager) => {
      await manager.getRepository(WebhookEndpoint).update({ id: endpoint.id }, changes);
      if (input.enabled === false && endpoint.enabled) {
        await this.outbox.abandonPending(manager, endpoint.id, 'The endpoint was disabled by an administrator.');
      }
    });
    return toWebhookEndpointResponse({ ...endpoint, ...changes });
  }

  /** Deletes the endpoint with its deliveries and their attempts. */
  async remove(caller: UserCaller, id: string): Promise<void> {
    const endpoint = await this.find(caller.accountId, id);
    await inTransaction(this.dataSource, async (manager) => {
      const result = await manager.getRepository(WebhookEndpoint).delete({ id: endpoint.id, accountId: caller.accountId });
      if (!result.affected) throw new WebhookException(WebhookError.EndpointNotFound);
      await this.record(caller, AuditEventType.WebhookEndpointDeleted, endpoint, manager);
    });
  }

  async rotateSecret(caller: UserCaller, id: string): Promise<string> {
    const endpoint = await this.endpoints.findOne({
      where: { id, accountId: caller.accountId },
      select: { id: true, accountId: true, url: true, secret: true },
    });
    if (!endpoint) throw new WebhookException(WebhookError.EndpointNotFound);
    const now = new Date();
    const secret = newSigningSecret();
    await inTransaction(this.dataSource, async (manager) => {
      await manager.getRepository(WebhookEndpoint).update(
        { id: endpoint.id },
        {
          secret: sealSigningSecret(this.cipher, endpoint, secret),
          previousSecret: endpoint.secret,
          previousSecretUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS),
          secretRotatedAt: now,
          updatedAt: now,
        },
      );
      await this.record(caller, AuditEventType.WebhookSecretRotated, endpoint, manager);
    });
    return secret;
  }

  /** Queues a `webhook.test` message, sent like any event (signed, retried, logged). */
  async sendTest(accountId: string, id: string): Promise<string> {
    const endpoint = await this.findEnabled(accountId, id);
    return this.outbox.enqueue({
      endpointId: endpoint.id,
      accountId,
      eventId: null,
      eventType: TEST_MESSAGE_TYPE,
      messageId: newMessageId(),
      payload: testPayload(accountId, endpoint.id, new Date()),
    });
  }

  async listDeliveries(accountId: string, id: string): Promise<WebhookDeliveryResponse[]> {
    const endpoint = await this.find(accountId, id);
    const rows = await this.deliveries.find({
      where: { endpointId: endpoint.id },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: DELIVERIES_SHOWN,
    });
    return rows.map(toWebhookDeliveryResponse);
  }

  /** Sends the same message again, with the same `webhook-id`, as a new delivery with its own attempts. */
  async redeliver(accountId: string, id: string, deliveryId: string): Promise<string> {
    const endpoint = await this.findEnabled(accountId, id);
    const original = await this.deliveries.findOne({ where: { id: deliveryId, endpointId: endpoint.id } });
    if (!original) throw new WebhookException(WebhookError.DeliveryNotFound);
    const { eventId, eventType, messageId, payload } = original;
    return this.outbox.enqueue({ endpointId: endpoint.id, accountId, eventId, eventType, messageId, payload });
  }

  private async find(accountId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findOne({ where: { id, accountId } });
    if (!endpoint) throw new WebhookException(WebhookError.EndpointNotFound);
    return endpoint;
  }

  private async findEnabled(accountId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.find(accountId, id);
    if (!endpoint.enabled) throw new WebhookException(WebhookError.EndpointDisabled);
    return endpoint;
  }

  /** Refuses what the delivery worker would refuse anyway, so the admin learns it now. */
  private async assertAllowedUrl(url: string): Promise<void> {
    const problem = urlProblem(url, this.settings.publicHttpsOnly);
    if (problem) throw new WebhookException(WebhookError.UrlNotAllowed, `${problem}.`);
    if (!this.settings.publicHttpsOnly) return;
    try {
      await resolveTarget(new URL(url).hostname, true);
    } catch (error) {
      if (!(error instanceof AddressRefusedError)) throw error;
      throw new WebhookException(WebhookError.UrlNotAllowed, `url cannot receive webhooks: ${error.message}.`);
    }
  }

  private record(
    caller: UserCaller,
    type: AuditEventType,
    endpoint: Pick<WebhookEndpoint, 'id' | 'url'>,
    manager: EntityManager,
  ): Promise<void> {
    return this.audit.record(
      {
        accountId: caller.accountId,
        integrationKey: WEBHOOKS_AUDIT_KEY,
        type,
        actor: { userId: caller.id, name: caller.name },
        detail: `Webhook endpoint ${endpoint.id} (${new URL(endpoint.url).host})`,
      },
      manager,
    );
  }
}
