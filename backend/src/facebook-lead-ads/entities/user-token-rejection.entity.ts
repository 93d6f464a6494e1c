import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Facebook rejected this account's user token (Graph 190) at `rejectedAt`; a later (re)connect supersedes it. */
@Entity('facebook_user_token_rejections')
export class UserTokenRejection {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'rejected_at', type: 'datetime', precision: 3 })
  rejectedAt!: Date;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;
}
