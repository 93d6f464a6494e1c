import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A provider revocation that failed at disconnect time and is retried until the provider accepts it. */
@Entity('revocation_outbox')
export class RevocationTask {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'integration_key', type: 'varchar', length: 64 })
  integrationKey!: string;

  /** JSON `{accessToken, refreshToken?}`, encrypted as a whole. */
  @Column({ name: 'tokens_enc', type: 'text', select: false })
  tokensEnc!: string;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Index()
  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
