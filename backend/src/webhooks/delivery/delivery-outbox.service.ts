import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThan, Not } from 'typeorm';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { inTransaction } from '../../common/transactions';
import { webhooksConfig } from '../webhooks.config';
import { LoggedEvent } from '../../events/entities/event.entity';
import { WebhookAttempt } from '../entities/webhook-attempt.entity';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import { retryDelayMs } from './retry-schedule';
import { AttemptResult } from './webhook-http.client';
import { eventPayload, newMessageId } from './webhook-message';

/** The audit log is kept per integration; webhook endpoints share this key there. */
export const WEBHOOKS_AUDIT_KEY = 'webhooks';
/** A claim outlives the longest attempt by this much; after that a crashed worker's deliveries are free again. */
const LEASE_MARGIN_MS = 30_000;

type NewDelivery = Pick<WebhookDelivery, 'endpointId' | 'accountId' | 'eventId' | 'eventType' | 'messageId' | 'payload'>;

/**
 * The durable outbox of outbound webhooks: deliveries are rows, claimed by one worker at a time under a
 * lease (`FOR UPDATE SKIP LOCKED` on MySQL, so workers never wait on each other's rows), and every attempt
 * is recorded. A worker that dies mid-send leaves the lease to expire: delivery is at-least-once.
 */
@Injectable()
export class DeliveryOutboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(webhooksConfig.KEY) private readonly settings: ConfigType<typeof webhooksConfig>,
    private readonly audit: AuditService,
  ) {}

  /** The event consumer's batch: one delivery per event and enabled endpoint that wants it, in the consumer's transaction. */
  async enqueueEvents(events: LoggedEvent[], manager: EntityManager): Promise<void> {
    const accountIds = [...new Set(events.map((event) => event.accountId))];
    const endpoints = await manager.getRepository(WebhookEndpoint).find({ where: { accountId: In(accountIds), enabled: true } });
    const rows: NewDelivery[] = [];
    for (const event of events) {
      for (const endpoint of endpoints) {
        if (!wants(endpoint, event)) continue;
        rows.push({
          endpointId: endpoint.id,
          accountId: event.accountId,
          eventId: event.id,
          eventType: event.type,
          messageId: newMessageId(),
          payload: eventPayload(event),
        });
      }
    }
    await this.insert(manager, rows);
  }

  /** Queues one message for immediate sending; returns the delivery id. */
  async enqueue(delivery: NewDelivery): Promise<string> {
    const [id] = await this.insert(this.dataSource.manager, [delivery]);
    return id;
  }

  /** Claims up to `limit` due deliveries for `owner`. */
  async claimDue(owner: string, limit: number): Promise<WebhookDelivery[]> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.settings.timeoutMs + LEASE_MARGIN_MS);
    return inTransaction(this.dataSource, async (manager) => {
      const due = manager
        .getRepository(WebhookDelivery)
        .createQueryBuilder('d')
        .select('d.id', 'id')
        .where(`d.status = 'pending' AND d.next_attempt_at <= :now`, { now })
        .andWhere('(d.lease_until IS NULL OR d.lease_until < :now)', { now })
        .orderBy('d.next_attempt_at', 'ASC')
        .limit(limit);
      // SQLite has one writer at a time; the conditional update below is the claim there.
      if (this.dataSource.options.type === 'mysql') due.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await due.getRawMany<{ id: string }>()).map((row) => row.id);
      if (ids.length === 0) return [];
      await manager
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({ leaseOwner: owner, leaseUntil })
        .where('id IN (:...ids) AND (lease_until IS NULL OR lease_until < :now)', { ids, now })
        .execute();
      return manager.getRepository(WebhookDelivery).find({ where: { id: In(ids), leaseOwner: owner } });
    });
  }

  /**
   * Records an attempt and decides what comes next: delivered, another try after the schedule's next
   * step, or — the schedule used up — failed, which also disables the endpoint (with an audit entry).
   */
  async complete(delivery: WebhookDelivery, owner: string, result: AttemptResult): Promise<void> {
    const now = new Date();
    const attempts = delivery.attempts + 1;
    const delay = result.ok ? null : retryDelayMs(attempts, this.settings.retryScheduleMs);
    const status = result.ok ? 'delivered' : delay === null ? 'failed' : 'pending';
    await inTransaction(this.dataSource, async (manager) => {
      await manager.getRepository(WebhookAttempt).insert({
        id: randomUUID(),
        deliveryId: delivery.id,
        attemptedAt: now,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error?.slice(0, 500) ?? null,
        responseBody: result.responseBody,
      });
      const updated = await manager.getRepository(WebhookDelivery).update(
        { id: delivery.id, leaseOwner: owner },
        {
          status,
          attempts,
          nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay),
          leaseOwner: null,
          leaseUntil: null,
          lastAttemptAt: now,
          lastStatusCode: result.statusCode,
          lastDurationMs: result.durationMs,
          lastError: result.error?.slice(0, 500) ?? null,
          updatedAt: now,
        },
      );
      if (updated.affected && status === 'failed') await this.disableAfterFailure(manager, delivery, attempts);
    });
  }

  /** Ends a delivery without sending it (its endpoint was disabled meanwhile). */
  async abandon(delivery: WebhookDelivery, owner: string, reason: string): Promise<void> {
    await this.dataSource
      .getRepository(WebhookDelivery)
      .update(
        { id: delivery.id, leaseOwner: owner },
        { status: 'failed', nextAttemptAt: null, leaseOwner: null, leaseUntil: null, lastError: reason, updatedAt: new Date() },
      );
  }

  /** Pending deliveries of an endpoint being disabled fail now rather than wait for it to come back. */
  async abandonPending(manager: EntityManager, endpointId: string, reason: string): Promise<void> {
    await manager
      .getRepository(WebhookDelivery)
      .update(
        { endpointId, status: 'pending' },
        { status: 'failed', nextAttemptAt: null, lastError: reason, updatedAt: new Date() },
      );
  }

  /** Forgets attempts and finished deliveries older than the retention period. */
  async prune(now = new Date()): Promise<void> {
    const cutoff = new Date(now.getTime() - this.settings.retentionHours * 3_600_000);
    await this.dataSource.getRepository(WebhookAttempt).delete({ attemptedAt: LessThan(cutoff) });
    await this.dataSource.getRepository(WebhookDelivery).delete({ status: Not('pending'), updatedAt: LessThan(cutoff) });
  }

  private async disableAfterFailure(manager: EntityManager, delivery: WebhookDelivery, attempts: number): Promise<void> {
    const reason = `Disabled after ${attempts} failed attempts to deliver ${delivery.eventType}.`;
    const disabled = await manager
      .getRepository(WebhookEndpoint)
      .update({ id: delivery.endpointId, enabled: true }, { enabled: false, disabledReason: reason, updatedAt: new Date() });
    if (!disabled.affected) return;
    await this.abandonPending(manager, delivery.endpointId, 'The endpoint was disabled after repeated failures.');
    await this.audit.record(
      {
        accountId: delivery.accountId,
        integrationKey: WEBHOOKS_AUDIT_KEY,
        type: AuditEventType.WebhookEndpointDisabled,
        detail: `Webhook endpoint ${delivery.endpointId}: ${reason}`,
      },
      manager,
    );
  }

  private async insert(manager: EntityManager, rows: NewDelivery[]): Promise<string[]> {
    const now = new Date();
    const full: WebhookDelivery[] = rows.map((row) => ({
      ...row,
      id: randomUUID(),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      leaseOwner: null,
      leaseUntil: null,
      lastAttemptAt: null,
      lastStatusCode: null,
      lastDurationMs: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    }));
    // Bounded statements: a batch of events times many endpoints can be large.
    for (let i = 0; i < full.length; i += 100) await manager.insert(WebhookDelivery, full.slice(i, i + 100));
    return full.map((row) => row.id);
  }
}

/** The endpoint's filter matches, and the endpoint existed when the event happened. */
function wants(endpoint: WebhookEndpoint, event: LoggedEvent): boolean {
  if (endpoint.accountId !== event.accountId || endpoint.createdAt > event.occurredAt) return false;
  const types = JSON.parse(endpoint.eventTypes) as string[];
  return types.length === 0 || types.includes(event.type);
}
