import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** `pending`: waits for a worker; `imported`: a contact exists; `discarded`: its form was disconnected or it belongs to another form. */
export type LeadInboxStatus = 'pending' | 'imported' | 'discarded';

/** One notified lead for one account, stored before the webhook is answered and imported asynchronously. */
@Entity('lead_inbox')
@Unique('uq_lead_inbox_account_leadgen', ['accountId', 'leadgenId'])
@Index('idx_lead_inbox_due', ['status', 'nextAttemptAt'])
@Index('idx_lead_inbox_form', ['formConnectionId', 'status'])
export class LeadInboxEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'form_connection_id', type: 'varchar', length: 36 })
  formConnectionId!: string;

  @Column({ name: 'page_id', type: 'varchar', length: 64 })
  pageId!: string;

  @Column({ name: 'form_id', type: 'varchar', length: 64 })
  formId!: string;

  @Column({ name: 'leadgen_id', type: 'varchar', length: 64 })
  leadgenId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: LeadInboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  @Column({ name: 'lease_owner', type: 'varchar', length: 36, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'datetime', precision: 3, nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt!: Date;

  @Column({ name: 'imported_at', type: 'datetime', precision: 3, nullable: true })
  importedAt!: Date | null;
}
