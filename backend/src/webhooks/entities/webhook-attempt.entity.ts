import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One HTTP attempt of a delivery, kept for the retention period so admins can see what the receiver said. */
@Entity('webhook_attempts')
@Index('idx_webhook_attempts_delivery', ['deliveryId', 'attemptedAt'])
@Index('idx_webhook_attempts_time', ['attemptedAt'])
export class WebhookAttempt {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'delivery_id', type: 'varchar', length: 36 })
  deliveryId!: string;

  @Column({ name: 'attempted_at', type: 'datetime', precision: 3 })
  attemptedAt!: Date;

  /** Null when no response came (refused address, timeout, connection error). */
  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  /** The start of the receiver's answer (at most 1 kB). */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;
}
