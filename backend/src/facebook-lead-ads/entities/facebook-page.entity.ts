import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * A Facebook Page the connected user manages, with its page access token (AES-GCM, never selected by
 * default). Webhooks and the backfill read leads with it. Rows hang off the connection: disconnecting
 * deletes them with it (ON DELETE CASCADE).
 */
@Entity('facebook_pages')
@Unique('uq_facebook_pages_account_page', ['accountId', 'pageId'])
export class FacebookPage {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId!: string;

  @Column({ name: 'page_id', type: 'varchar', length: 64 })
  pageId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  category!: string | null;

  @Column({ name: 'access_token_enc', type: 'text', select: false })
  accessTokenEnc!: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
