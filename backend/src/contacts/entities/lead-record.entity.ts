import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * One lead a source delivered, kept whole (every raw answer, attribution, consent) on the contact it
 * matched. `(account_id, source, external_id)` is unique, so importing the same lead twice (a webhook
 * retry, a backfill overlap) yields one record: this is the import's deduplication.
 */
@Entity('lead_records')
@Unique('uq_lead_records_account_source_external', ['accountId', 'source', 'externalId'])
@Index('idx_lead_records_contact_received', ['contactId', 'receivedAt'])
export class LeadRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 36 })
  contactId!: string;

  /** e.g. `facebook-lead-ads`. */
  @Column({ type: 'varchar', length: 64 })
  source!: string;

  /** The source's own id (Facebook's leadgen id). */
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId!: string;

  /** Null only for leads imported before lead records existed (their form was not stored). */
  @Column({ name: 'form_id', type: 'varchar', length: 64, nullable: true })
  formId!: string | null;

  @Column({ name: 'form_name', type: 'varchar', length: 255, nullable: true })
  formName!: string | null;

  @Column({ name: 'page_id', type: 'varchar', length: 64, nullable: true })
  pageId!: string | null;

  /** Where the person filled the form in: Meta's `fb` or `ig`. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  platform!: string | null;

  /** JSON `LeadAttribution` (ad, ad set, campaign, organic, partner). */
  @Column({ type: 'text' })
  attribution!: string;

  /** JSON array of `LeadConsent` (the form's custom disclaimer checkboxes). */
  @Column({ type: 'text' })
  consent!: string;

  /** JSON array of every raw answer, `[{name, values}]`, mapped or not. */
  @Column({ type: 'text' })
  answers!: string;

  @Column({ name: 'is_test', type: 'boolean' })
  isTest!: boolean;

  /** When the person submitted the lead (the source's time), not when it was imported. */
  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt!: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
