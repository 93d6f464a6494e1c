import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * One Data Deletion Request Facebook sent for a user who removed the app and asked for their data.
 * It outlives the tokens it deleted so the status page can answer for its confirmation code; the user
 * is kept only as a hash of their app-scoped id, so the record itself holds nothing personal.
 */
@Entity('facebook_data_deletions')
@Unique('uq_facebook_data_deletions_code', ['confirmationCode'])
export class FacebookDataDeletion {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'confirmation_code', type: 'varchar', length: 64 })
  confirmationCode!: string;

  /** SHA-256 (hex) of the Facebook app-scoped user id. */
  @Column({ name: 'facebook_user_hash', type: 'varchar', length: 64 })
  facebookUserHash!: string;

  /** Connections (one per account) whose tokens were dropped. */
  @Column({ name: 'connections_cleared', type: 'int' })
  connectionsCleared!: number;

  /** Stored Page tokens deleted. */
  @Column({ name: 'page_tokens_deleted', type: 'int' })
  pageTokensDeleted!: number;

  @Column({ name: 'requested_at', type: 'datetime', precision: 3 })
  requestedAt!: Date;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3 })
  completedAt!: Date;
}
