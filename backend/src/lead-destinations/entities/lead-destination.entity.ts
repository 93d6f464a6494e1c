import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * Where one account sends its new leads through one integration (a Slack channel, a spreadsheet). The row
 * outlives a disconnect on purpose: reconnecting resumes with the same settings.
 */
@Entity('lead_destinations')
@Unique('uq_lead_destinations_account_key', ['accountId', 'integrationKey'])
export class LeadDestination {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'integration_key', type: 'varchar', length: 64 })
  integrationKey!: string;

  /** The destination's own settings DTO as JSON. */
  @Column({ type: 'text' })
  settings!: string;

  @Column({ name: 'last_delivered_at', type: 'datetime', precision: 3, nullable: true })
  lastDeliveredAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'datetime', precision: 3, nullable: true })
  lastErrorAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
