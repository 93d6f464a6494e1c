import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * A person the inbox knows: one row per person per account. Every lead that person sent is a
 * `LeadRecord`; leads are matched to the contact by normalised e-mail, then phone, and the UNIQUE
 * indices on those make two concurrent leads of one person end on one row.
 */
@Entity('contacts')
@Unique('uq_contacts_account_email', ['accountId', 'emailNormalized'])
@Unique('uq_contacts_account_phone', ['accountId', 'phoneNormalized'])
@Index('idx_contacts_account_created', ['accountId', 'createdAt', 'id'])
@Index('idx_contacts_account_source_created', ['accountId', 'source', 'createdAt', 'id'])
export class Contact {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  /**
   * Where the person first came from, e.g. `facebook-lead-ads`: kept on the row (not only on the lead
   * records) so the source filter pages on `idx_contacts_account_source_created` like the plain list.
   */
  @Column({ type: 'varchar', length: 64 })
  source!: string;

  /** The first lead's own id (Facebook's leadgen id); every lead's id is on its lead record. */
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

  /** `normalizeContactEmail(email)`: what leads are matched on (binary collation on MySQL). */
  @Column({ name: 'email_normalized', type: 'varchar', length: 320, nullable: true })
  emailNormalized!: string | null;

  /** `normalizePhone(phone)`: digits with a leading +, what leads are matched on after the e-mail. */
  @Column({ name: 'phone_normalized', type: 'varchar', length: 64, nullable: true })
  phoneNormalized!: string | null;

  /** JSON object of custom attributes (`{"preferred_contact_time": "Morning"}`). */
  @Column({ type: 'text' })
  attributes!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
