import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export type ConnectionStatus = 'connected' | 'reauth_required';

/** What `access_token_enc` holds once the tokens were dropped (deauthorize, data deletion): nothing to decrypt. */
export const FORGOTTEN_TOKEN = '';

export const HEALTH_STATES = ['healthy', 'degraded', 'reauth_required'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** The account's link to one provider. Tokens are AES-GCM ciphertexts and never selected by default. */
@Entity('connections')
@Unique('uq_connections_account_integration', ['accountId', 'integrationKey'])
@Index('idx_connections_token_expires_at', ['tokenExpiresAt'])
export class Connection {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'integration_key', type: 'varchar', length: 64 })
  integrationKey!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: ConnectionStatus;

  @Column({ name: 'external_account_id', type: 'varchar', length: 255 })
  externalAccountId!: string;

  @Column({ name: 'external_account_name', type: 'varchar', length: 255 })
  externalAccountName!: string;

  /** Space-separated scopes the provider granted. */
  @Column({ type: 'text' })
  scopes!: string;

  @Column({ name: 'access_token_enc', type: 'text', select: false })
  accessTokenEnc!: string;

  @Column({ name: 'refresh_token_enc', type: 'text', nullable: true, select: false })
  refreshTokenEnc!: string | null;

  @Column({ name: 'token_expires_at', type: 'datetime', precision: 3, nullable: true })
  tokenExpiresAt!: Date | null;

  /** Refresh lease: only the holder refreshes, so concurrent callers never spend a rotating refresh token twice. */
  @Column({ name: 'refresh_lease_until', type: 'datetime', precision: 3, nullable: true, select: false })
  refreshLeaseUntil!: Date | null;

  /** The API host the provider named for this grant (Salesforce's `instance_url`); the proxy forwards there. */
  @Column({ name: 'instance_url', type: 'varchar', length: 500, nullable: true })
  instanceUrl!: string | null;

  @Column({ name: 'connected_at', type: 'datetime', precision: 3 })
  connectedAt!: Date;

  @Column({ name: 'connected_by_user_id', type: 'varchar', length: 36 })
  connectedByUserId!: string;

  @Column({ name: 'connected_by_name', type: 'varchar', length: 200 })
  connectedByName!: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  /** The last known health (DESIGN §11): set by Test connection, the refresh job and the code using the token. */
  @Column({ name: 'health_state', type: 'varchar', length: 20, default: 'healthy' })
  healthState!: HealthState;

  @Column({ name: 'health_checked_at', type: 'datetime', precision: 3, nullable: true })
  healthCheckedAt!: Date | null;

  /** Why the connection is not healthy, in words an admin can act on; never a token. */
  @Column({ name: 'health_reason', type: 'varchar', length: 500, nullable: true })
  healthReason!: string | null;

  /** Transient failures of the scheduled refresh in a row; the backoff grows with it. */
  @Column({ name: 'refresh_failures', type: 'int', default: 0, select: false })
  refreshFailures!: number;

  /** The scheduled refresh leaves the connection alone until then (backoff after a transient failure). */
  @Column({ name: 'next_refresh_at', type: 'datetime', precision: 3, nullable: true, select: false })
  nextRefreshAt!: Date | null;
}
