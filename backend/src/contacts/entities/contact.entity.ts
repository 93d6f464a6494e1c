import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * A person the inbox knows, imported from an outside source. `(account_id, source, external_id)` is
 * unique, so importing the same lead twice (a webhook retry, a backfill overlap) yields one contact.
 */
@Entity('contacts')
@Unique('uq_contacts_account_source_external', ['accountId', 'source', 'externalId'])
@Index('idx_contacts_account_created', ['accountId', 'createdAt', 'id'])
@Index('idx_contacts_account_source_created', ['accountId', 'source', 'createdAt', 'id'])
export class Contact {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  /** Where the contact came from, e.g. `facebook-lead-ads`. */
  @Column({ type: 'varchar', length: 64 })
  source!: string;

  /** The source's own id (Facebook's leadgen id). */
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ name: 'first_name', type: 'varchar', length: 255, nullable: true })
  firstName!: string | null;

  @Column({ name: 'last_name', type: 'varchar', length: 255, nullable: true })
  lastName!: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  phone!: string | null;

  /** JSON object of custom attributes (`{"preferred_contact_time": "Morning"}`). */
  @Column({ type: 'text' })
  attributes!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
