import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

export type ConnectionStatus = 'connected' | 'reauth_required';

/** What `access_token_enc` holds once the tokens were dropped (deauthorize, data deletion): nothing to decrypt. */
export const FORGOTTEN_TOKEN = '';

/** The account's link to one provider. Tokens are AES-GCM ciphertexts and never selected by default. */
@Entity('connections')
@Unique('uq_connections_account_integration', ['accountId', 'integrationKey'])
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
}
