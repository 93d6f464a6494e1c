import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export type FormConnectionState = 'active' | 'blocked';

/**
 * One lead form feeding the account's contacts, with how its questions map to contact fields.
 * Deleted with the connection (ON DELETE CASCADE), so a disconnect stops all syncing.
 */
@Entity('facebook_form_connections')
@Unique('uq_facebook_form_connections_account_form', ['accountId', 'formId'])
@Index('idx_facebook_form_connections_form', ['formId'])
@Index('idx_facebook_form_connections_backfill_due', ['backfillDueAt'])
export class FacebookFormConnection {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId!: string;

  @Column({ name: 'page_id', type: 'varchar', length: 64 })
  pageId!: string;

  @Column({ name: 'form_id', type: 'varchar', length: 64 })
  formId!: string;

  @Column({ name: 'form_name', type: 'varchar', length: 255 })
  formName!: string;

  /** JSON `{questionKey: field}`, see lead-mapping.ts. */
  @Column({ type: 'text' })
  mapping!: string;

  @Column({ name: 'leads_imported', type: 'int', default: 0 })
  leadsImported!: number;

  /** Creation time (at Facebook) of the newest lead imported. */
  @Column({ name: 'last_lead_at', type: 'datetime', precision: 3, nullable: true })
  lastLeadAt!: Date | null;

  /** The backfill asks Facebook for leads created after this; advanced after each complete pass. */
  @Column({ name: 'backfill_since', type: 'datetime', precision: 3 })
  backfillSince!: Date;

  /** Backfill lease: across instances only the holder polls this form. */
  @Column({ name: 'backfill_lease_until', type: 'datetime', precision: 3, nullable: true, select: false })
  backfillLeaseUntil!: Date | null;

  /** When the backfill polls this form next (see backfill-cadence.ts); null = at once. */
  @Column({ name: 'backfill_due_at', type: 'datetime', precision: 3, nullable: true })
  backfillDueAt!: Date | null;

  /** When the last backfill pass started (complete or not); one older than the connection's (re)connect is stale. */
  @Column({ name: 'backfill_polled_at', type: 'datetime', precision: 3, nullable: true })
  backfillPolledAt!: Date | null;

  /** Backfill passes in a row that failed or were rate-limited: the exponent of the backoff. */
  @Column({ name: 'backfill_failures', type: 'int', default: 0 })
  backfillFailures!: number;

  /** `blocked`: Facebook refuses to hand over this form's leads; they wait in the inbox until it does. */
  @Column({ type: 'varchar', length: 16, default: 'active' })
  state!: FormConnectionState;

  /** Why the form is blocked and what to do about it, in plain words. */
  @Column({ name: 'state_reason', type: 'varchar', length: 500, nullable: true })
  stateReason!: string | null;

  @Column({ name: 'state_changed_at', type: 'datetime', precision: 3, nullable: true })
  stateChangedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
