import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { insertOrElse } from '../common/database-errors';
import { LoggedEvent } from '../events/entities/event.entity';
import { EventType } from '../events/event-type.enum';
import { Connection } from '../integrations/connections/connection.entity';
import { matchesFilter, type LeadFilterDto } from './destination-definition';
import { LeadDelivery, LeadDeliveryStatus } from './entities/lead-delivery.entity';
import { LeadDestination } from './entities/lead-destination.entity';
import { loadLead } from './lead-details';

/** Long enough for any provider call (they time out sooner); a lapsed lease means the sender died mid-send. */
export const SEND_LEASE_MS = 60_000;

/** Who the lead is, in a few words, for the delivery list. */
function summaryOf(name: string | null, email: string | null): string {
  return (name ?? email ?? 'Unnamed lead').slice(0, 255);
}

/**
 * The deliveries of every destination: new `lead.received` events become one row each, unique by
 * `<event id>:<destination id>`, written in the transaction that moves the destination's cursor. Only a
 * destination's oldest open delivery may be sent, which keeps each destination in event order.
 */
@Injectable()
export class DeliveryQueueService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async enqueue(destination: LeadDestination, batch: LoggedEvent[], manager: EntityManager, appUrl: string): Promise<void> {
    // A repeated import of a known lead (created: false) is no new lead: no second message or row.
    const leads = batch.filter(
      (event) =>
        event.type === EventType.LeadReceived &&
        event.accountId === destination.accountId &&
        (JSON.parse(event.data) as { created?: boolean }).created !== false,
    );
    if (!leads.length) return;
    const settings = JSON.parse(destination.settings) as LeadFilterDto;
    const connection = await manager
      .getRepository(Connection)
      .findOneBy({ accountId: destination.accountId, integrationKey: destination.integrationKey });
    const now = new Date();
    for (const event of leads) {
      const lead = await loadLead(manager, event, appUrl);
      let status: LeadDeliveryStatus = 'pending';
      let note: string | null = null;
      if (!lead) [status, note] = ['skipped', 'The contact was deleted before it could be sent.'];
      else if (!connection) [status, note] = ['skipped', 'Not sent: the integration was disconnected.'];
      else if (!matchesFilter(lead, settings)) [status, note] = ['skipped', 'Not sent: the lead source or form is filtered out.'];
      const row: LeadDelivery = manager.create(LeadDelivery, {
        id: randomUUID(),
        destinationId: destination.id,
        eventId: event.id,
        idempotencyKey: `${event.id}:${destination.id}`,
        status,
        attempts: 0,
        nextAttemptAt: now,
        leaseOwner: null,
        leaseUntil: null,
        summary: summaryOf(lead?.name ?? null, lead?.email ?? null),
        lastError: note,
        deliveredAt: null,
        createdAt: now,
        updatedAt: now,
      });
      // A repeated batch (a crash before the cursor moved) finds its rows there already.
      await insertOrElse(
        () => manager.insert(LeadDelivery, row),
        async () => undefined,
      );
    }
  }

  /** The destination's oldest delivery not yet finished, which is the only one that may be sent. */
  head(destinationId: string): Promise<LeadDelivery | null> {
    return this.dataSource.getRepository(LeadDelivery).findOne({
      where: { destinationId, status: In(['pending', 'sending']) },
      order: { eventId: 'ASC' },
    });
  }

  /** Takes the delivery for one send; false when another instance has it. Counted before the send. */
  async claim(delivery: LeadDelivery, owner: string): Promise<boolean> {
    const now = new Date();
    const result = await this.dataSource
      .createQueryBuilder()
      .update(LeadDelivery)
      .set({
        status: 'sending',
        leaseOwner: owner,
        leaseUntil: new Date(now.getTime() + SEND_LEASE_MS),
        attempts: () => 'attempts + 1',
        updatedAt: now,
      })
      .where("id = :id AND status = 'pending' AND next_attempt_at <= :now", { id: delivery.id, now })
      .execute();
    return result.affected === 1;
  }

  /** Finishes a claimed send: delivered, unconfirmed, skipped, or back to pending at `retryAt`. */
  async finish(
    delivery: LeadDelivery,
    owner: string | null,
    outcome: { status: LeadDeliveryStatus; error: string | null; retryAt?: Date },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const now = new Date();
    const query = manager
      .createQueryBuilder()
      .update(LeadDelivery)
      .set({
        status: outcome.status,
        leaseOwner: null,
        leaseUntil: null,
        lastError: outcome.error,
        nextAttemptAt: outcome.retryAt ?? now,
        deliveredAt: outcome.status === 'delivered' ? now : null,
        updatedAt: now,
      })
      .where('id = :id', { id: delivery.id });
    if (owner) query.andWhere('lease_owner = :owner', { owner });
    await query.execute();
  }

  /** After an admin changes settings, held deliveries try again now rather than after their backoff. */
  async retryNow(destinationId: string): Promise<void> {
    await this.dataSource
      .getRepository(LeadDelivery)
      .update({ destinationId, status: 'pending' }, { nextAttemptAt: new Date(), updatedAt: new Date() });
  }

  list(destinationId: string, limit: number): Promise<LeadDelivery[]> {
    return this.dataSource
      .getRepository(LeadDelivery)
      .find({ where: { destinationId }, order: { eventId: 'DESC' }, take: limit });
  }
}
