import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsString } from '../../events/entities/bigint-column';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One message for one endpoint: the durable outbox row the delivery worker claims. The payload is
 * frozen when the row is made, so every retry (and a redelivery) sends the same bytes and `webhook-id`.
 */
@Entity('webhook_deliveries')
@Index('idx_webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('idx_webhook_deliveries_endpoint', ['endpointId', 'createdAt'])
export class WebhookDelivery {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'endpoint_id', type: 'varchar', length: 36 })
  endpointId!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  /** The logged event; null for a test message. */
  @Column({ name: 'event_id', type: 'bigint', nullable: true, transformer: bigintAsString })
  eventId!: string | null;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType!: string;

  /** Sent as `webhook-id`: receivers deduplicate on it. */
  @Column({ name: 'message_id', type: 'varchar', length: 64 })
  messageId!: string;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt!: Date | null;

  /** Which worker is sending it right now; a crashed worker's claim ends with the lease. */
  @Column({ name: 'lease_owner', type: 'varchar', length: 36, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'datetime', precision: 3, nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'last_attempt_at', type: 'datetime', precision: 3, nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'last_duration_ms', type: 'int', nullable: true })
  lastDurationMs!: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
