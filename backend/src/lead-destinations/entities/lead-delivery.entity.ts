import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { bigintAsString } from '../../events/entities/bigint-column';

/**
 * `pending`: waiting (maybe for a backoff); `sending`: claimed and possibly at the provider right now;
 * `delivered`; `skipped`: the lead did not match the filter; `unconfirmed`: the provider may or may not
 * have it (a timeout or a crash mid-send) and, having no idempotency key, it is not sent again.
 */
export type LeadDeliveryStatus = 'pending' | 'sending' | 'delivered' | 'skipped' | 'unconfirmed';

/** One event for one destination; `idempotency_key` = `<event id>:<destination id>` makes it exist once. */
@Entity('lead_deliveries')
@Unique('uq_lead_deliveries_idempotency', ['idempotencyKey'])
@Index('idx_lead_deliveries_destination_event', ['destinationId', 'status', 'eventId'])
export class LeadDelivery {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'destination_id', type: 'varchar', length: 36 })
  destinationId!: string;

  @Column({ name: 'event_id', type: 'bigint', transformer: bigintAsString })
  eventId!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 100 })
  idempotencyKey!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: LeadDeliveryStatus;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  @Column({ name: 'lease_owner', type: 'varchar', length: 36, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'datetime', precision: 3, nullable: true })
  leaseUntil!: Date | null;

  /** Who the lead was, in a few words, for the delivery list (no answers beyond the name). */
  @Column({ type: 'varchar', length: 255 })
  summary!: string;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'datetime', precision: 3, nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
