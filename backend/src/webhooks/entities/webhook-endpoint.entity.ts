import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where one account wants its events delivered, and the secrets its deliveries are signed with. */
@Entity('webhook_endpoints')
@Index('idx_webhook_endpoints_account', ['accountId', 'createdAt'])
export class WebhookEndpoint {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  /** JSON array of event types; empty = every type. */
  @Column({ name: 'event_types', type: 'text' })
  eventTypes!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 500, nullable: true })
  disabledReason!: string | null;

  /** `whsec_…` sealed by the token cipher (signing-secret-seal.ts); shown once when created or rotated, never afterwards. */
  @Column({ type: 'varchar', length: 500, select: false })
  secret!: string;

  /** The secret before the last rotation: deliveries carry its signature too until `previousSecretUntil`. */
  @Column({ name: 'previous_secret', type: 'varchar', length: 500, nullable: true, select: false })
  previousSecret!: string | null;

  @Column({ name: 'previous_secret_until', type: 'datetime', precision: 3, nullable: true })
  previousSecretUntil!: Date | null;

  @Column({ name: 'secret_rotated_at', type: 'datetime', precision: 3, nullable: true })
  secretRotatedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
