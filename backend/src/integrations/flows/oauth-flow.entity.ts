import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const FLOW_STATUSES = ['pending', 'connected', 'denied', 'failed', 'expired'] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];
/** `reconnect`: re-consent over the stored connection, which must come back as the same external account. */
export type FlowPurpose = 'connect' | 'reconnect';

/**
 * One attempt to connect an integration. Server-side, single-use OAuth state: the state and the
 * browser binding are stored as hashes, the PKCE verifier encrypted; any instance can finish it.
 */
@Entity('oauth_flows')
export class OAuthFlow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'integration_key', type: 'varchar', length: 64 })
  integrationKey!: string;

  @Index({ unique: true })
  @Column({ name: 'state_hash', type: 'varchar', length: 64, nullable: true, select: false })
  stateHash!: string | null;

  @Column({ name: 'code_verifier_enc', type: 'text', nullable: true, select: false })
  codeVerifierEnc!: string | null;

  @Column({ name: 'browser_hash', type: 'varchar', length: 64, select: false })
  browserHash!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: FlowStatus;

  @Column({ type: 'varchar', length: 16, default: 'connect' })
  purpose!: FlowPurpose;

  @Column({ type: 'varchar', length: 64, nullable: true })
  error!: string | null;

  /** What the person should know about a failure beyond its code (who signed in, as whom it is connected). */
  @Column({ name: 'error_detail', type: 'varchar', length: 500, nullable: true })
  errorDetail!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Index()
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ name: 'consumed_at', type: 'datetime', precision: 3, nullable: true })
  consumedAt!: Date | null;
}
